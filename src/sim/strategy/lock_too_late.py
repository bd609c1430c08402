import asyncio

balance = {{initial}}
lock = asyncio.Lock()

# WRONG - lock after the read is useless!
async def credit(amount):
    global balance
    current = balance               # Race condition already happened
    async with lock:
        await asyncio.sleep({{delay}})
        balance = current + amount

async def main():
    await asyncio.gather(*[credit({{amount}}) for _ in range({{tasks}})])
    print(f"Final balance: {balance}")  # Expected: {{expected}}

asyncio.run(main())
