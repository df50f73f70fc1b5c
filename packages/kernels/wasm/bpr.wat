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
)
