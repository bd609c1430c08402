import asyncio

balance = {{initial}}
lock_a = asyncio.Lock()
lock_b = asyncio.Lock()

async def task(n, amount):
    global balance
    async with lock_a:              # always A first...
        await asyncio.sleep({{delay}})
        async with lock_b:          # ...then B
            balance += amount

async def main():
    await asyncio.gather(*[task(n, {{amount}}) for n in range(1, {{tasks}} + 1)])
    print(f"Final balance: {balance}")  # {{expected}}

asyncio.run(main())
