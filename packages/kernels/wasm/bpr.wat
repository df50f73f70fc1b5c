;; BPR batch kernels, f32x4 SIMD. Pointers are byte offsets into the module's memory;
;; rows of `x` and `g` are `width` floats apart; users/pos/neg are int32 row indices.
(module
  (memory (export "memory") 1)

  ;; diff[b] = <x[users[b]], x[neg[b]] - x[pos[b]]>
  (func $bpr_diff (export "bpr_diff")
    (param $x i32) (param $users i32) (param $pos i32) (param $neg i32) (param $batch i32) (param $width i32) (param $diff i32)
    (local $b i32) (local $rowBytes i32) (local $wb i32) (local $w4 i32) (local $k i32)
    (local $u i32) (local $p i32) (local $n i32) (local $acc v128) (local $s f32)
    (local.set $rowBytes (i32.shl (local.get $width) (i32.const 2)))
    (local.set $wb (local.get $rowBytes))
    (local.set $w4 (i32.and (local.get $wb) (i32.const -16)))
    (local.set $b (i32.const 0))
    (block $done
      (loop $batchLoop
        (br_if $done (i32.ge_u (local.get $b) (local.get $batch)))
        (local.set $u (i32.add (local.get $x) (i32.mul (i32.load (i32.add (local.get $users) (i32.shl (local.get $b) (i32.const 2)))) (local.get $rowBytes))))
        (local.set $p (i32.add (local.get $x) (i32.mul (i32.load (i32.add (local.get $pos) (i32.shl (local.get $b) (i32.const 2)))) (local.get $rowBytes))))
        (local.set $n (i32.add (local.get $x) (i32.mul (i32.load (i32.add (local.get $neg) (i32.shl (local.get $b) (i32.const 2)))) (local.get $rowBytes))))
        (local.set $acc (v128.const f32x4 0 0 0 0))
        (local.set $k (i32.const 0))
        (block $simdDone
          (loop $simdLoop
            (br_if $simdDone (i32.ge_s (local.get $k) (local.get $w4)))
            (local.set $acc (f32x4.add (local.get $acc)
              (f32x4.mul (v128.load (i32.add (local.get $u) (local.get $k)))
                (f32x4.sub (v128.load (i32.add (local.get $n) (local.get $k))) (v128.load (i32.add (local.get $p) (local.get $k)))))))
            (local.set $k (i32.add (local.get $k) (i32.const 16)))
            (br $simdLoop)))
        (local.set $s (f32.add
          (f32.add (f32x4.extract_lane 0 (local.get $acc)) (f32x4.extract_lane 1 (local.get $acc)))
          (f32.add (f32x4.extract_lane 2 (local.get $acc)) (f32x4.extract_lane 3 (local.get $acc)))))
        (block $tailDone
          (loop $tailLoop
            (br_if $tailDone (i32.ge_s (local.get $k) (local.get $wb)))
            (local.set $s (f32.add (local.get $s)
              (f32.mul (f32.load (i32.add (local.get $u) (local.get $k)))
                (f32.sub (f32.load (i32.add (local.get $n) (local.get $k))) (f32.load (i32.add (local.get $p) (local.get $k)))))))
            (local.set $k (i32.add (local.get $k) (i32.const 4)))
            (br $tailLoop)))
        (f32.store (i32.add (local.get $diff) (i32.shl (local.get $b) (i32.const 2))) (local.get $s))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (br $batchLoop))))

  ;; g[users[b]] += coef[b] (x[neg[b]] - x[pos[b]]); g[pos[b]] -= coef[b] x[users[b]]; g[neg[b]] += coef[b] x[users[b]]
  (func $bpr_grad (export "bpr_grad")
    (param $x i32) (param $users i32) (param $pos i32) (param $neg i32) (param $coef i32) (param $batch i32) (param $width i32) (param $g i32)
    (local $b i32) (local $rowBytes i32) (local $wb i32) (local $w4 i32) (local $k i32)
    (local $uo i32) (local $po i32) (local $no i32) (local $c f32) (local $cv v128) (local $xu v128) (local $su f32)
    (local.set $rowBytes (i32.shl (local.get $width) (i32.const 2)))
    (local.set $wb (local.get $rowBytes))
    (local.set $w4 (i32.and (local.get $wb) (i32.const -16)))
    (local.set $b (i32.const 0))
    (block $done
      (loop $batchLoop
        (br_if $done (i32.ge_u (local.get $b) (local.get $batch)))
        (local.set $uo (i32.mul (i32.load (i32.add (local.get $users) (i32.shl (local.get $b) (i32.const 2)))) (local.get $rowBytes)))
        (local.set $po (i32.mul (i32.load (i32.add (local.get $pos) (i32.shl (local.get $b) (i32.const 2)))) (local.get $rowBytes)))
        (local.set $no (i32.mul (i32.load (i32.add (local.get $neg) (i32.shl (local.get $b) (i32.const 2)))) (local.get $rowBytes)))
        (local.set $c (f32.load (i32.add (local.get $coef) (i32.shl (local.get $b) (i32.const 2)))))
        (local.set $cv (f32x4.splat (local.get $c)))
        (local.set $k (i32.const 0))
        (block $simdDone
          (loop $simdLoop
            (br_if $simdDone (i32.ge_s (local.get $k) (local.get $w4)))
            (local.set $xu (v128.load (i32.add (i32.add (local.get $x) (local.get $uo)) (local.get $k))))
            (v128.store (i32.add (i32.add (local.get $g) (local.get $uo)) (local.get $k))
              (f32x4.add (v128.load (i32.add (i32.add (local.get $g) (local.get $uo)) (local.get $k)))
                (f32x4.mul (local.get $cv)
                  (f32x4.sub (v128.load (i32.add (i32.add (local.get $x) (local.get $no)) (local.get $k)))
                    (v128.load (i32.add (i32.add (local.get $x) (local.get $po)) (local.get $k)))))))
            (v128.store (i32.add (i32.add (local.get $g) (local.get $po)) (local.get $k))
              (f32x4.sub (v128.load (i32.add (i32.add (local.get $g) (local.get $po)) (local.get $k))) (f32x4.mul (local.get $cv) (local.get $xu))))
            (v128.store (i32.add (i32.add (local.get $g) (local.get $no)) (local.get $k))
              (f32x4.add (v128.load (i32.add (i32.add (local.get $g) (local.get $no)) (local.get $k))) (f32x4.mul (local.get $cv) (local.get $xu))))
            (local.set $k (i32.add (local.get $k) (i32.const 16)))
            (br $simdLoop)))
        (block $tailDone
          (loop $tailLoop
            (br_if $tailDone (i32.ge_s (local.get $k) (local.get $wb)))
            (local.set $su (f32.load (i32.add (i32.add (local.get $x) (local.get $uo)) (local.get $k))))
            (f32.store (i32.add (i32.add (local.get $g) (local.get $uo)) (local.get $k))
              (f32.add (f32.load (i32.add (i32.add (local.get $g) (local.get $uo)) (local.get $k)))
                (f32.mul (local.get $c)
                  (f32.sub (f32.load (i32.add (i32.add (local.get $x) (local.get $no)) (local.get $k)))
                    (f32.load (i32.add (i32.add (local.get $x) (local.get $po)) (local.get $k)))))))
            (f32.store (i32.add (i32.add (local.get $g) (local.get $po)) (local.get $k))
              (f32.sub (f32.load (i32.add (i32.add (local.get $g) (local.get $po)) (local.get $k))) (f32.mul (local.get $c) (local.get $su))))
            (f32.store (i32.add (i32.add (local.get $g) (local.get $no)) (local.get $k))
              (f32.add (f32.load (i32.add (i32.add (local.get $g) (local.get $no)) (local.get $k))) (f32.mul (local.get $c) (local.get $su))))
            (local.set $k (i32.add (local.get $k) (i32.const 4)))
            (br $tailLoop)))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (br $batchLoop))))

  ;; bpr_grad restricted to the rows lo <= r < hi of g: each triple's three updates are
  ;; applied only to a row in that range, in bpr_grad's order (user row, positive row,
  ;; negative row; triples in batch order), with the same arithmetic, so every row of g
  ;; equals what bpr_grad writes bit for bit. Threads owning disjoint row ranges can run
  ;; it at once on one g (the fused step's two-thread BPR gradient).
  (func $bpr_grad_rows (export "bpr_grad_rows")
    (param $x i32) (param $users i32) (param $pos i32) (param $neg i32) (param $coef i32) (param $batch i32) (param $width i32) (param $g i32) (param $lo i32) (param $hi i32)
    (local $b i32) (local $rowBytes i32) (local $w4 i32) (local $k i32) (local $span i32)
    (local $ui i32) (local $pi i32) (local $ni i32) (local $gr i32) (local $xa i32) (local $xb i32)
    (local $c f32) (local $cv v128)
    (local.set $rowBytes (i32.shl (local.get $width) (i32.const 2)))
    (local.set $w4 (i32.and (local.get $rowBytes) (i32.const -16)))
    (local.set $span (i32.sub (local.get $hi) (local.get $lo)))
    (local.set $b (i32.const 0))
    (block $done
      (loop $batchLoop
        (br_if $done (i32.ge_u (local.get $b) (local.get $batch)))
        (local.set $ui (i32.load (i32.add (local.get $users) (i32.shl (local.get $b) (i32.const 2)))))
        (local.set $pi (i32.load (i32.add (local.get $pos) (i32.shl (local.get $b) (i32.const 2)))))
        (local.set $ni (i32.load (i32.add (local.get $neg) (i32.shl (local.get $b) (i32.const 2)))))
        (local.set $c (f32.load (i32.add (local.get $coef) (i32.shl (local.get $b) (i32.const 2)))))
        (local.set $cv (f32x4.splat (local.get $c)))
        ;; g[u] += c (x[n] - x[p])
        (if (i32.lt_u (i32.sub (local.get $ui) (local.get $lo)) (local.get $span))
          (then
            (local.set $gr (i32.add (local.get $g) (i32.mul (local.get $ui) (local.get $rowBytes))))
            (local.set $xa (i32.add (local.get $x) (i32.mul (local.get $ni) (local.get $rowBytes))))
            (local.set $xb (i32.add (local.get $x) (i32.mul (local.get $pi) (local.get $rowBytes))))
            (local.set $k (i32.const 0))
            (block $d1 (loop $l1
              (br_if $d1 (i32.ge_s (local.get $k) (local.get $w4)))
              (v128.store (i32.add (local.get $gr) (local.get $k))
                (f32x4.add (v128.load (i32.add (local.get $gr) (local.get $k)))
                  (f32x4.mul (local.get $cv)
                    (f32x4.sub (v128.load (i32.add (local.get $xa) (local.get $k))) (v128.load (i32.add (local.get $xb) (local.get $k)))))))
              (local.set $k (i32.add (local.get $k) (i32.const 16)))
              (br $l1)))
            (block $t1 (loop $tl1
              (br_if $t1 (i32.ge_s (local.get $k) (local.get $rowBytes)))
              (f32.store (i32.add (local.get $gr) (local.get $k))
                (f32.add (f32.load (i32.add (local.get $gr) (local.get $k)))
                  (f32.mul (local.get $c)
                    (f32.sub (f32.load (i32.add (local.get $xa) (local.get $k))) (f32.load (i32.add (local.get $xb) (local.get $k)))))))
              (local.set $k (i32.add (local.get $k) (i32.const 4)))
              (br $tl1)))))
        (local.set $xa (i32.add (local.get $x) (i32.mul (local.get $ui) (local.get $rowBytes))))
        ;; g[p] -= c x[u]
        (if (i32.lt_u (i32.sub (local.get $pi) (local.get $lo)) (local.get $span))
          (then
            (local.set $gr (i32.add (local.get $g) (i32.mul (local.get $pi) (local.get $rowBytes))))
            (local.set $k (i32.const 0))
            (block $d2 (loop $l2
              (br_if $d2 (i32.ge_s (local.get $k) (local.get $w4)))
              (v128.store (i32.add (local.get $gr) (local.get $k))
                (f32x4.sub (v128.load (i32.add (local.get $gr) (local.get $k))) (f32x4.mul (local.get $cv) (v128.load (i32.add (local.get $xa) (local.get $k))))))
              (local.set $k (i32.add (local.get $k) (i32.const 16)))
              (br $l2)))
            (block $t2 (loop $tl2
              (br_if $t2 (i32.ge_s (local.get $k) (local.get $rowBytes)))
              (f32.store (i32.add (local.get $gr) (local.get $k))
                (f32.sub (f32.load (i32.add (local.get $gr) (local.get $k))) (f32.mul (local.get $c) (f32.load (i32.add (local.get $xa) (local.get $k))))))
              (local.set $k (i32.add (local.get $k) (i32.const 4)))
              (br $tl2)))))
        ;; g[n] += c x[u]
        (if (i32.lt_u (i32.sub (local.get $ni) (local.get $lo)) (local.get $span))
          (then
            (local.set $gr (i32.add (local.get $g) (i32.mul (local.get $ni) (local.get $rowBytes))))
            (local.set $k (i32.const 0))
            (block $d3 (loop $l3
              (br_if $d3 (i32.ge_s (local.get $k) (local.get $w4)))
              (v128.store (i32.add (local.get $gr) (local.get $k))
                (f32x4.add (v128.load (i32.add (local.get $gr) (local.get $k))) (f32x4.mul (local.get $cv) (v128.load (i32.add (local.get $xa) (local.get $k))))))
              (local.set $k (i32.add (local.get $k) (i32.const 16)))
              (br $l3)))
            (block $t3 (loop $tl3
              (br_if $t3 (i32.ge_s (local.get $k) (local.get $rowBytes)))
              (f32.store (i32.add (local.get $gr) (local.get $k))
                (f32.add (f32.load (i32.add (local.get $gr) (local.get $k))) (f32.mul (local.get $c) (f32.load (i32.add (local.get $xa) (local.get $k))))))
              (local.set $k (i32.add (local.get $k) (i32.const 4)))
              (br $tl3)))))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (br $batchLoop))))
)
