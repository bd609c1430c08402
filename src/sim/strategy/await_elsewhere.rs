//! Mistake 3: assuming simple operations are safe. The await need not be
//! I/O on the balance: any await between the read and the write lets other
//! tasks run, and `temp` goes stale.

use crate::sim::task::Task;

pub async fn bad_increment(task: &Task) {
    let temp = task.read_balance(); // Read
    task.io().await; // await do_something_else(): SUSPEND
    task.write_balance(temp + task.amount); // Write: temp is stale!
}
