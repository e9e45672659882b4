/** Graph algorithms over node indexes 0..n-1; successors[i] lists the targets of node i. */

export function reachableFrom(roots: number[], successors: number[][]): Uint8Array {
  const seen = new Uint8Array(successors.length);
  const stack = [...roots];
  for (const r of roots) seen[r] = 1;
  while (stack.length > 0) {
    const node = stack.pop() as number;
    for (const next of successors[node] ?? []) {
      if (!seen[next]) {
        seen[next] = 1;
        stack.push(next);
      }
    }
  }
  return seen;
}

/**
 * Immediate dominators (Cooper, Harvey & Kennedy's iterative algorithm). A node's dominators are the
 * nodes every path from the root passes through. idom[root] = root; -1 for unreachable nodes.
 */
export function immediateDominators(root: number, successors: number[][]): Int32Array {
  const n = successors.length;
  const order: number[] = [];
  const rpoIndex = new Int32Array(n).fill(-1);
  const visited = new Uint8Array(n);
  // Iterative post-order DFS.
  const stack: [number, number][] = [[root, 0]];
  visited[root] = 1;
  while (stack.length > 0) {
    const top = stack[stack.length - 1] as [number, number];
    const children = successors[top[0]] ?? [];
    if (top[1] < children.length) {
      const child = children[top[1]++] as number;
      if (!visited[child]) {
        visited[child] = 1;
        stack.push([child, 0]);
      }
    } else {
      order.push(top[0]);
      stack.pop();
    }
  }
  order.reverse();
  order.forEach((node, i) => (rpoIndex[node] = i));
  const predecessors: number[][] = Array.from({ length: n }, () => []);
  for (const node of order) for (const next of successors[node] ?? []) predecessors[next]?.push(node);

  const idom = new Int32Array(n).fill(-1);
  idom[root] = root;
  const intersect = (a: number, b: number): number => {
    while (a !== b) {
      while ((rpoIndex[a] as number) > (rpoIndex[b] as number)) a = idom[a] as number;
      while ((rpoIndex[b] as number) > (rpoIndex[a] as number)) b = idom[b] as number;
    }
    return a;
  };
  let changed = true;
  while (changed) {
    changed = false;
    for (const node of order) {
      if (node === root) continue;
      let candidate = -1;
      for (const pred of predecessors[node] ?? []) {
        if (idom[pred] === -1) continue;
        candidate = candidate === -1 ? pred : intersect(pred, candidate);
      }
      if (candidate !== -1 && idom[node] !== candidate) {
        idom[node] = candidate;
        changed = true;
      }
    }
  }
  return idom;
}

export function dominates(idom: Int32Array, dominator: number, node: number): boolean {
  let current = node;
  for (;;) {
    if (current === dominator) return true;
    const parent = idom[current] as number;
    if (parent === -1 || parent === current) return false;
    current = parent;
  }
}

/** Strongly connected components (Tarjan, iterative); returns the component id of every node. */
export function stronglyConnected(successors: number[][]): { component: Int32Array; count: number } {
  const n = successors.length;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const component = new Int32Array(n).fill(-1);
  const stack: number[] = [];
  let counter = 0;
  let count = 0;
  for (let start = 0; start < n; start++) {
    if (index[start] !== -1) continue;
    const work: [number, number][] = [[start, 0]];
    while (work.length > 0) {
      const frame = work[work.length - 1] as [number, number];
      const node = frame[0];
      if (frame[1] === 0) {
        index[node] = low[node] = counter++;
        stack.push(node);
        onStack[node] = 1;
      }
      const children = successors[node] ?? [];
      if (frame[1] < children.length) {
        const child = children[frame[1]++] as number;
        if (index[child] === -1) work.push([child, 0]);
        else if (onStack[child]) low[node] = Math.min(low[node] as number, index[child] as number);
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low[parent[0]] = Math.min(low[parent[0]] as number, low[node] as number);
      if (low[node] === index[node]) {
        let member: number;
        do {
          member = stack.pop() as number;
          onStack[member] = 0;
          component[member] = count;
        } while (member !== node);
        count++;
      }
    }
  }
  return { component, count };
}
