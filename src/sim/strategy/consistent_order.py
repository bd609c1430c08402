import asyncio

lock_a = asyncio.Lock()
lock_b = asyncio.Lock()

async def task(n):
    async with lock_a:              # always A first...
        await asyncio.sleep(0.01)
        async with lock_b:          # ...then B
            pass

asyncio.run(asyncio.gather(task(1), task(2)))
