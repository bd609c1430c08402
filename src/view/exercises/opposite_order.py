import asyncio

checking = 500
savings = 500
checking_lock = asyncio.Lock()
savings_lock = asyncio.Lock()

async def to_savings(amount):
    global checking, savings
    async with checking_lock:
        await asyncio.sleep(0.1)  # check the funds
        async with savings_lock:
            checking -= amount
            savings += amount

async def to_checking(amount):
    global checking, savings
    async with savings_lock:
        await asyncio.sleep(0.1)  # check the funds
        async with checking_lock:
            savings -= amount
            checking += amount

async def main():
    await asyncio.gather(to_savings(100), to_checking(50))
    print("checking:", checking, "savings:", savings)

asyncio.run(main())
