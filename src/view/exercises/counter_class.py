import asyncio

class Counter:
    def __init__(self):
        self.value = 0

    async def increment(self):
        current = self.value
        await asyncio.sleep(0.01)  # a round trip to the database
        self.value = current + 1

counter = Counter()

async def main():
    await asyncio.gather(*[counter.increment() for _ in range(3)])
    print("count:", counter.value)

asyncio.run(main())
