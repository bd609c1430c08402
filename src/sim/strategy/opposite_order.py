import asyncio

balance = 1000
lock_a = asyncio.Lock()
lock_b = asyncio.Lock()

async def task1():
    global balance
    async with lock_a:
        await asyncio.sleep(0.01)
        async with lock_b:          # DEADLOCK RISK
            balance += 1            # the article: pass

async def task2():
    global balance
    async with lock_b:
        await asyncio.sleep(0.01)
        async with lock_a:          # Different order!
            balance += 1            # the article: pass

# This will hang forever
asyncio.run(asyncio.gather(task1(), task2()))
