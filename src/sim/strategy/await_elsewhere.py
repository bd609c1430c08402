async def bad_increment():
    global balance
    temp = balance                  # Read
    await do_something_else()       # SUSPEND
    balance = temp + 1              # Write - temp is stale!
