import asyncio

balance = {{initial}}
lock = asyncio.Lock()

async def credit(amount):
    global balance
    async with lock:                # Critical section
        current = balance
        await asyncio.sleep({{delay}})  # Safe: no interleaving possible
        balance = current + amount

async def main():
    await asyncio.gather(*[credit({{amount}}) for _ in range({{tasks}})])
    print(f"Final balance: {balance}")  # Now: {{expected}}!

asyncio.run(main())
