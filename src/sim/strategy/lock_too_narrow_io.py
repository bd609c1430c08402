async def credit(amount):
    global balance
    current = balance               # Not protected!
    await asyncio.sleep(0.1)        # state crosses an await
    async with lock:
        balance = current + amount  # serialised, and still stale
