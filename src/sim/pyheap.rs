//! A binary min-heap that pops equal keys in exactly the order CPython's `heapq` does.
//!
//! asyncio keeps its timers in a `heapq` ordered by deadline alone
//! (`TimerHandle.__lt__` compares `_when`). A binary heap is not stable, so
//! when several tasks sleep until the same instant (1000 tasks started at t=0
//! that all sleep 100 ms) they wake in the order the heap algorithm leaves
//! them, not in the order they went to sleep. Mirroring `heapq.heappush` and
//! `heapq.heappop` step for step makes the engine wake them in CPython's order.

/// A min-heap keyed by `u64`, with CPython `heapq` tie-breaking.
#[derive(Debug, Clone)]
pub struct PyHeap<T> {
    items: Vec<(u64, T)>,
}

impl<T> Default for PyHeap<T> {
    fn default() -> Self {
        Self { items: Vec::new() }
    }
}

impl<T> PyHeap<T> {
    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The smallest key, as `heap[0]._when`.
    pub fn peek_key(&self) -> Option<u64> {
        self.items.first().map(|(key, _)| *key)
    }

    /// `heapq.heappush`: append, then sift the new item towards the root.
    pub fn push(&mut self, key: u64, item: T) {
        self.items.push((key, item));
        let last = self.items.len() - 1;
        self.sift_down(0, last);
    }

    /// `heapq.heappop`: the last item takes the root's place and sifts up.
    pub fn pop(&mut self) -> Option<(u64, T)> {
        let last = self.items.pop()?;
        if self.items.is_empty() {
            return Some(last);
        }
        let root = std::mem::replace(&mut self.items[0], last);
        self.sift_up(0);
        Some(root)
    }

    /// heapq's `_siftdown(heap, startpos, pos)`: move the item at `pos` up
    /// while it is strictly smaller than its parent.
    fn sift_down(&mut self, start: usize, mut pos: usize) {
        while pos > start {
            let parent = (pos - 1) >> 1;
            if self.items[pos].0 < self.items[parent].0 {
                self.items.swap(pos, parent);
                pos = parent;
            } else {
                break;
            }
        }
    }

    /// heapq's `_siftup(heap, pos)`: bubble the smaller child up until a leaf,
    /// preferring the right child on ties, then sift back towards `start`.
    fn sift_up(&mut self, start: usize) {
        let end = self.items.len();
        let mut pos = start;
        let mut child = 2 * pos + 1;
        while child < end {
            let right = child + 1;
            // `if rightpos < endpos and not heap[childpos] < heap[rightpos]`
            if right < end && self.items[child].0 >= self.items[right].0 {
                child = right;
            }
            self.items.swap(pos, child);
            pos = child;
            child = 2 * pos + 1;
        }
        self.sift_down(start, pos);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn drain(heap: &mut PyHeap<u32>) -> Vec<u32> {
        std::iter::from_fn(|| heap.pop().map(|(_, item)| item)).collect()
    }

    #[test]
    fn pops_in_key_order() {
        let mut heap = PyHeap::default();
        for (i, key) in [5u64, 1, 4, 2, 3].into_iter().enumerate() {
            heap.push(key, i as u32);
        }
        assert_eq!(drain(&mut heap), vec![1, 3, 4, 2, 0]);
    }

    #[test]
    fn equal_keys_pop_in_heapq_order_not_insertion_order() {
        // python3 -c "import heapq
        // class K:
        //   def __init__(s,i): s.i=i
        //   def __lt__(s,o): return False
        // h=[]; [heapq.heappush(h,K(i)) for i in range(6)]
        // print([heapq.heappop(h).i for _ in range(6)])"  ->  [0, 2, 5, 4, 1, 3]
        let mut heap = PyHeap::default();
        for i in 0..6 {
            heap.push(100, i);
        }
        assert_eq!(drain(&mut heap), vec![0, 2, 5, 4, 1, 3]);
    }
}
