//! `code=` links are what the issue says any tool can make: CPython's own
//! zlib and base64 make and read them, and so does the page.

mod common;

use common::python;
use racecourse::py::link::{decode, encode};

const PROGRAMS: [&str; 3] = [
    "import asyncio\n\nbalance = 1000\n\nasync def credit(amount):\n    global balance\n    current = balance\n    await asyncio.sleep(0.1)\n    balance = current + amount\n\nasync def main():\n    await asyncio.gather(*[credit(1) for _ in range(1000)])\n    print(f\"Final balance: {balance}\")\n\nasyncio.run(main())\n",
    "print('ünïcode ✓ \\u2713')\n",
    "",
];

#[test]
fn links_made_by_python_open_here() {
    let make = "import base64, sys, zlib; sys.stdout.write(base64.urlsafe_b64encode(zlib.compress(sys.argv[1].encode(), 9)[2:-4]).rstrip(b'=').decode())";
    for program in PROGRAMS {
        let code = python(make, &[program]);
        assert_eq!(decode(&code).as_deref(), Ok(program), "{code}");
    }
}

#[test]
fn links_made_here_open_in_python() {
    let read = "import base64, sys, zlib; s = sys.argv[1]; sys.stdout.write(zlib.decompress(base64.urlsafe_b64decode(s + '=' * (-len(s) % 4)), -15).decode())";
    for program in PROGRAMS {
        assert_eq!(python(read, &[&encode(program)]), program);
    }
}
