import asyncio

balance, version = 1000, 0

async def credit(amount):
    global balance, version
    while True:
        seen_value, seen_version = balance, version
        await asyncio.sleep(0.1)
        if version == seen_version:   # nobody wrote since our read
            balance, version = seen_value + amount, version + 1
            return
        # someone else wrote: retry with a fresh read
