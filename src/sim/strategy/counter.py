import asyncio

class AsyncSafeCounter:
    def __init__(self, initial=0):
        self._value = initial
        self._lock = asyncio.Lock()

    async def increment(self, delta=1):
        async with self._lock:
            # I/O can safely happen inside the lock
            await asyncio.sleep(0.001)  # Simulated work
            self._value += delta
            return self._value

    async def get(self):
        async with self._lock:
            return self._value

async def main():
    counter = AsyncSafeCounter(1000)
    await asyncio.gather(*[counter.increment(1) for _ in range(1000)])
    print(f"Final: {await counter.get()}")  # 2000

asyncio.run(main())
