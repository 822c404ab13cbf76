"""Generates and checks the 5x5 median network of SimdMedian.windows5 (python3, no dependencies).

Input: five columns of the window, each already sorted (column c, rank r = position 5c + r).
Network: sort each rank across the five columns (optimal 9-comparator network), then an odd-even
merge sort over the 13 candidates that can still be the median; comparators that are no-ops on every
reachable input are dropped, then everything that does not feed output position 12 (the median of 25),
and comparators whose min or max is unused keep only the other half. Redundancy and correctness are
decided on all column-sorted 0/1 inputs (6^5 of them), which is exact for min/max networks by the
0/1 principle. Prints the Java lines of windows5 (aCR = column C, rank R) and the operation count."""
import itertools

N, MED = 25, 12


def column_sorted_01_inputs():
    out = []
    for ones in itertools.product(range(6), repeat=5):
        s = [0] * N
        for c, k in enumerate(ones):
            for r in range(5 - k, 5):
                s[c * 5 + r] = 1
        out.append(s)
    return out


def sort5(idx):
    return [(idx[a], idx[b]) for a, b in [(0, 1), (3, 4), (2, 4), (2, 3), (0, 3), (0, 2), (1, 4), (1, 3), (1, 2)]]


def odd_even_merge_sort(n):
    net, p = [], 1
    while p < n:
        k = p
        while k >= 1:
            for j in range(k % p, n - k, 2 * k):
                for i in range(min(k, n - j - k)):
                    if (i + j) // (p * 2) == (i + j + k) // (p * 2):
                        net.append((i + j, i + j + k))
            k //= 2
        p *= 2
    return net


def drop_noops(net, states):
    keep, states = [], [s[:] for s in states]
    for a, b in net:
        if all(s[a] <= s[b] for s in states):
            continue
        keep.append((a, b))
        for s in states:
            if s[a] > s[b]:
                s[a], s[b] = s[b], s[a]
    return keep


def keep_needed(net, out):
    need, res = {out}, []
    for a, b in reversed(net):
        na, nb = a in need, b in need
        if na or nb:
            res.append((a, b, na, nb))
            need |= {a, b}
    return list(reversed(res))


def is_median(net, states):
    for s0 in states:
        s = s0[:]
        for a, b, na, nb in net:
            lo, hi = min(s[a], s[b]), max(s[a], s[b])
            if na:
                s[a] = lo
            if nb:
                s[b] = hi
        if s[MED] != sorted(s0)[MED]:
            return False
    return True


states = column_sorted_01_inputs()
ranks = [cmp for r in range(5) for cmp in sort5([c * 5 + r for c in range(5)])]
# after sorting ranks and columns, (rank i, column j) has >= (i+1)(j+1) elements <= it and
# >= (5-i)(5-j) elements >= it; it can be the median only if both are <= 13
cand = [j * 5 + i for i in range(5) for j in range(5) if (i + 1) * (j + 1) <= 13 and (5 - i) * (5 - j) <= 13]
net = keep_needed(drop_noops(ranks + [(cand[a], cand[b]) for a, b in odd_even_merge_sort(len(cand))], states), MED)
assert is_median(net, states)


def v(p):
    return 'a%d%d' % (p // 5, p % 5)


for p in sorted({p for a, b, _, _ in net for p in (a, b)}):
    print('ByteVector %s = ByteVector.fromArray(S, s%d, x + %d);' % (v(p), p % 5, p // 5))
for a, b, na, nb in net:
    if na and nb:
        print('t = %s.min(%s); %s = %s.max(%s); %s = t;' % (v(a), v(b), v(b), v(a), v(b), v(a)))
    elif na:
        print('%s = %s.min(%s);' % (v(a), v(a), v(b)))
    else:
        print('%s = %s.max(%s);' % (v(b), v(a), v(b)))
print('// median in %s; %d min/max operations' % (v(MED), sum(na + nb for _, _, na, nb in net)))
