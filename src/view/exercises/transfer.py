import asyncio

checking = 300
savings = 300

async def transfer(amount):
    global checking, savings
    from_checking = checking
    to_savings = savings
    await asyncio.sleep(0.1)  # the fraud check
    checking = from_checking - amount
    savings = to_savings + amount

async def main():
    await asyncio.gather(transfer(100), transfer(50))
    print("checking:", checking, "savings:", savings)

asyncio.run(main())
