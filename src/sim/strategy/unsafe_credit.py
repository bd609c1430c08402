import asyncio

balance = 1000

async def credit(amount):
    global balance
    current = balance               # READ
    await asyncio.sleep(0.1)        # SUSPEND (simulating I/O)
    balance = current + amount      # WRITE - BUG!

async def main():
    await asyncio.gather(*[credit(1) for _ in range(1000)])
    print(f"Final balance: {balance}")  # Expected: 2000

asyncio.run(main())
