import asyncio

balance = {{initial}}
lock_a = asyncio.Lock()
lock_b = asyncio.Lock()

# The article's task1 and task2 in one: odd n is task1, even n is task2.
async def task(n, amount):
    global balance
    first, second = (lock_a, lock_b) if n % 2 else (lock_b, lock_a)
    async with first:
        await asyncio.sleep({{delay}})
        async with second:          # DEADLOCK RISK: different orders!
            balance += amount       # the article: pass

async def main():
    await asyncio.gather(*[task(n, {{amount}}) for n in range(1, {{tasks}} + 1)])
    print(f"Final balance: {balance}")

# This will hang forever. (The article writes asyncio.run(asyncio.gather(...)),
# which raises ValueError instead: asyncio.run wants a coroutine.)
asyncio.run(main())
