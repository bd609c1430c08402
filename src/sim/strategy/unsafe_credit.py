import asyncio

balance = {{initial}}

async def credit(amount):
    global balance
    current = balance               # READ
    await asyncio.sleep({{delay}})  # SUSPEND (simulating I/O)
    balance = current + amount      # WRITE - BUG!

async def main():
    await asyncio.gather(*[credit({{amount}}) for _ in range({{tasks}})])
    print(f"Final balance: {balance}")  # Expected: {{expected}}

asyncio.run(main())
