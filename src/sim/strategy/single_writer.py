import asyncio

balance = {{initial}}
queue = asyncio.Queue()

async def credit(amount):
    await asyncio.sleep({{delay}})  # I/O in parallel, as before
    await queue.put(amount)         # never suspends (unbounded queue)

async def writer(count):
    global balance
    for _ in range(count):
        amount = await queue.get()
        balance += amount           # the only task that writes

async def main():
    await asyncio.gather(*[credit({{amount}}) for _ in range({{tasks}})], writer({{tasks}}))
    print(f"Final balance: {balance}")  # {{expected}}

asyncio.run(main())
