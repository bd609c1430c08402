import asyncio

balance = {{initial}}

async def bad_increment(amount):
    global balance
    temp = balance                  # Read
    await do_something_else()       # SUSPEND
    balance = temp + amount         # Write - temp is stale!

async def do_something_else():      # anything that awaits
    await asyncio.sleep({{delay}})

async def main():
    await asyncio.gather(*[bad_increment({{amount}}) for _ in range({{tasks}})])
    print(f"Final balance: {balance}")  # Expected: {{expected}}

asyncio.run(main())
