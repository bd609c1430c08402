import asyncio

balance = {{initial}}

async def credit(amount):
    global balance
    # Do I/O BEFORE touching shared state
    await asyncio.sleep({{delay}})  # Validation, logging, etc.
    balance += amount               # No await between read and write

async def main():
    await asyncio.gather(*[credit({{amount}}) for _ in range({{tasks}})])
    print(f"Final balance: {balance}")  # {{expected}}

asyncio.run(main())
