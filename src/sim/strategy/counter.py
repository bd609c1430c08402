import asyncio

class AsyncSafeCounter:
    def __init__(self, initial=0):
        self._value = initial
        self._lock = asyncio.Lock()

    async def increment(self, delta=1):
        async with self._lock:
            # I/O can safely happen inside the lock
            await asyncio.sleep({{delay}})  # Simulated work
            self._value += delta
            return self._value

    async def get(self):
        async with self._lock:
            return self._value

async def main():
    counter = AsyncSafeCounter({{initial}})
    await asyncio.gather(*[counter.increment({{amount}}) for _ in range({{tasks}})])
    print(f"Final: {await counter.get()}")  # {{expected}}

asyncio.run(main())
