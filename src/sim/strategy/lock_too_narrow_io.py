import asyncio

balance = {{initial}}
lock = asyncio.Lock()

async def credit(amount):
    global balance
    current = balance               # Not protected!
    await asyncio.sleep({{delay}})  # state crosses an await
    async with lock:
        balance = current + amount  # serialised, and still stale

async def main():
    await asyncio.gather(*[credit({{amount}}) for _ in range({{tasks}})])
    print(f"Final balance: {balance}")  # Expected: {{expected}}

asyncio.run(main())
