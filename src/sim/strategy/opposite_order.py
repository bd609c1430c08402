import asyncio

lock_a = asyncio.Lock()
lock_b = asyncio.Lock()

async def task1():
    async with lock_a:
        await asyncio.sleep(0.01)
        async with lock_b:          # DEADLOCK RISK
            pass

async def task2():
    async with lock_b:
        await asyncio.sleep(0.01)
        async with lock_a:          # Different order!
            pass

# This will hang forever
asyncio.run(asyncio.gather(task1(), task2()))
