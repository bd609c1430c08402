import asyncio

balance = {{initial}}
lock = asyncio.Lock()

# WRONG - only protecting the write, not the read
async def credit(amount):
    global balance
    current = balance               # Not protected!
    async with lock:
        balance = current + amount

async def main():
    await asyncio.gather(*[credit({{amount}}) for _ in range({{tasks}})])
    print(f"Final balance: {balance}")  # Expected: {{expected}}

asyncio.run(main())
