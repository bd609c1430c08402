import asyncio

balance = 1000
lock = asyncio.Lock()

async def credit(amount):
    global balance
    async with lock:
        current = balance
        await asyncio.sleep(0.1)  # the bank's I/O
        balance = current + amount

async def main():
    await asyncio.gather(credit(100), credit(100), credit(100))
    print("balance:", balance)

asyncio.run(main())
