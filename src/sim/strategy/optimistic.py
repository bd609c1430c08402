import asyncio

balance, version = {{initial}}, 0

async def credit(amount):
    global balance, version
    while True:
        seen_value, seen_version = balance, version
        await asyncio.sleep({{delay}})
        if version == seen_version:   # nobody wrote since our read
            balance, version = seen_value + amount, version + 1
            return
        # someone else wrote: retry with a fresh read

async def main():
    await asyncio.gather(*[credit({{amount}}) for _ in range({{tasks}})])
    print(f"Final balance: {balance}")  # {{expected}}

asyncio.run(main())
