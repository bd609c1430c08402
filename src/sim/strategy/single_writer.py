import asyncio

balance = 1000
queue = asyncio.Queue()

async def credit(amount):
    await asyncio.sleep(0.1)        # I/O in parallel, as before
    await queue.put(amount)         # never suspends (unbounded queue)

async def writer(count):
    global balance
    for _ in range(count):
        amount = await queue.get()
        balance += amount           # the only task that writes

async def main():
    await asyncio.gather(*[credit(1) for _ in range(1000)], writer(1000))
    print(f"Final balance: {balance}")  # 2000

asyncio.run(main())
