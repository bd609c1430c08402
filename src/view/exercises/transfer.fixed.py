import asyncio

checking = 300
savings = 300

async def transfer(amount):
    global checking, savings
    await asyncio.sleep(0.1)  # the fraud check, before anything is read
    # No await between the reads and the writes: no other task can run.
    checking = checking - amount
    savings = savings + amount

async def main():
    await asyncio.gather(transfer(100), transfer(50))
    print("checking:", checking, "savings:", savings)

asyncio.run(main())
