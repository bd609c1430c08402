import asyncio

balance = 1000
lock_a = asyncio.Lock()
lock_b = asyncio.Lock()

async def task(n):
    global balance
    async with lock_a:              # always A first...
        await asyncio.sleep(0.01)
        async with lock_b:          # ...then B
            balance += 1

async def main():
    await asyncio.gather(task(1), task(2))
    print(f"Final balance: {balance}")

asyncio.run(main())
