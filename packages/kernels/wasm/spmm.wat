;; Row-gather CSR x dense product with per-row structural widths, f32x4 SIMD.
;; All pointers are byte offsets into the module's own memory; rows of `x` and `out` are
;; `stride` floats apart, `stride` a multiple of 16.
;; out[r, k] = sum over e in rp[r]..rp[r+1] of vals[e] * x[ci[e], k] for k < min(inW[ci[e]], outW[r]).
;; Each output row is built in blocks of 16 columns held in four v128 registers, so the
;; row is written once per block instead of read and written once per edge. Columns at or
;; beyond a row's output width come out 0.
(module
  (memory (export "memory") 1)
  (func (export "spmm")
    (param $rp i32) (param $ci i32) (param $vals i32) (param $inW i32) (param $outW i32)
    (param $x i32) (param $out i32) (param $rows i32) (param $stride i32)
    (local $r i32) (local $e i32) (local $e0 i32) (local $e1 i32) (local $ow i32) (local $w i32)
    (local $c i32) (local $ob i32) (local $xb i32) (local $c0 i32) (local $rowBytes i32)
    (local $av v128) (local $wv v128) (local $lane v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local.set $rowBytes (i32.shl (local.get $stride) (i32.const 2)))
    (local.set $r (i32.const 0))
    (block $rowsDone
      (loop $rowsLoop
        (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $ow (i32.load (i32.add (local.get $outW) (i32.shl (local.get $r) (i32.const 2)))))
        (local.set $ob (i32.add (local.get $out) (i32.mul (local.get $r) (local.get $rowBytes))))
        (local.set $e0 (i32.load (i32.add (local.get $rp) (i32.shl (local.get $r) (i32.const 2)))))
        (local.set $e1 (i32.load (i32.add (local.get $rp) (i32.shl (i32.add (local.get $r) (i32.const 1)) (i32.const 2)))))
        (local.set $c0 (i32.const 0))
        (block $blocksDone
          (loop $blocksLoop
            (br_if $blocksDone (i32.ge_s (local.get $c0) (local.get $ow)))
            (local.set $a0 (v128.const i32x4 0 0 0 0))
            (local.set $a1 (v128.const i32x4 0 0 0 0))
            (local.set $a2 (v128.const i32x4 0 0 0 0))
            (local.set $a3 (v128.const i32x4 0 0 0 0))
            (local.set $e (local.get $e0))
            (block $edgesDone
              (loop $edgesLoop
                (br_if $edgesDone (i32.ge_s (local.get $e) (local.get $e1)))
                (local.set $c (i32.load (i32.add (local.get $ci) (i32.shl (local.get $e) (i32.const 2)))))
                (local.set $w (i32.load (i32.add (local.get $inW) (i32.shl (local.get $c) (i32.const 2)))))
                (local.set $w (select (local.get $w) (local.get $ow) (i32.lt_s (local.get $w) (local.get $ow))))
                (if (i32.gt_s (local.get $w) (local.get $c0))
                  (then
                    (local.set $av (f32x4.splat (f32.load (i32.add (local.get $vals) (i32.shl (local.get $e) (i32.const 2))))))
                    (local.set $xb (i32.add (i32.add (local.get $x) (i32.mul (local.get $c) (local.get $rowBytes))) (i32.shl (local.get $c0) (i32.const 2))))
                    (if (i32.ge_s (local.get $w) (i32.add (local.get $c0) (i32.const 16)))
                      (then
                        (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $av) (v128.load offset=0 (local.get $xb)))))
                        (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $av) (v128.load offset=16 (local.get $xb)))))
                        (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (local.get $av) (v128.load offset=32 (local.get $xb)))))
                        (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (local.get $av) (v128.load offset=48 (local.get $xb))))))
                      (else
                        ;; Partial block: lanes at or beyond w are masked to 0.
                        (local.set $wv (i32x4.splat (local.get $w)))
                        (local.set $lane (i32x4.add (v128.const i32x4 0 1 2 3) (i32x4.splat (local.get $c0))))
                        (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $av)
                          (v128.and (v128.load offset=0 (local.get $xb)) (i32x4.lt_s (local.get $lane) (local.get $wv))))))
                        (local.set $lane (i32x4.add (local.get $lane) (v128.const i32x4 4 4 4 4)))
                        (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $av)
                          (v128.and (v128.load offset=16 (local.get $xb)) (i32x4.lt_s (local.get $lane) (local.get $wv))))))
                        (local.set $lane (i32x4.add (local.get $lane) (v128.const i32x4 4 4 4 4)))
                        (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (local.get $av)
                          (v128.and (v128.load offset=32 (local.get $xb)) (i32x4.lt_s (local.get $lane) (local.get $wv))))))
                        (local.set $lane (i32x4.add (local.get $lane) (v128.const i32x4 4 4 4 4)))
                        (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (local.get $av)
                          (v128.and (v128.load offset=48 (local.get $xb)) (i32x4.lt_s (local.get $lane) (local.get $wv))))))))))
                (local.set $e (i32.add (local.get $e) (i32.const 1)))
                (br $edgesLoop)))
            (v128.store offset=0 (i32.add (local.get $ob) (i32.shl (local.get $c0) (i32.const 2))) (local.get $a0))
            (v128.store offset=16 (i32.add (local.get $ob) (i32.shl (local.get $c0) (i32.const 2))) (local.get $a1))
            (v128.store offset=32 (i32.add (local.get $ob) (i32.shl (local.get $c0) (i32.const 2))) (local.get $a2))
            (v128.store offset=48 (i32.add (local.get $ob) (i32.shl (local.get $c0) (i32.const 2))) (local.get $a3))
            (local.set $c0 (i32.add (local.get $c0) (i32.const 16)))
            (br $blocksLoop)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rowsLoop))))
)
