import asyncio

balance = 1000
lock = asyncio.Lock()

async def credit(amount):
    global balance
    async with lock:                # Critical section
        current = balance
        await asyncio.sleep(0.1)    # Safe: no interleaving possible
        balance = current + amount

async def main():
    await asyncio.gather(*[credit(1) for _ in range(1000)])
    print(f"Final balance: {balance}")  # Now: 2000!

asyncio.run(main())
