import asyncio

balance = 1000

async def credit(amount):
    global balance
    # Do I/O BEFORE touching shared state
    await asyncio.sleep(0.1)        # Validation, logging, etc.
    balance += amount               # No await between read and write

async def main():
    await asyncio.gather(*[credit(1) for _ in range(1000)])
    print(f"Final balance: {balance}")  # 2000

asyncio.run(main())
