# WRONG - lock after the read is useless!
async def credit(amount):
    global balance
    current = balance               # Race condition already happened
    async with lock:
        await asyncio.sleep(0.1)
        balance = current + amount
