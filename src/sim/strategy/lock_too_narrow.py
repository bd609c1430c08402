# WRONG - only protecting the write, not the read
async def credit(amount):
    global balance
    current = balance               # Not protected!
    async with lock:
        balance = current + amount
