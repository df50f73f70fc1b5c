;; Row-gather CSR x dense product with per-row structural widths, f32x4 SIMD.
;; All pointers are byte offsets into the module's own memory.
;; out[r, k] += vals[e] * x[ci[e], k] for e in rp[r]..rp[r+1], k < min(inW[ci[e]], outW[r]).
;; `out` must be zeroed by the caller; rows are `width` floats apart.
(module
  (memory (export "memory") 1)
  (func (export "spmm")
    (param $rp i32) (param $ci i32) (param $vals i32) (param $inW i32) (param $outW i32)
    (param $x i32) (param $out i32) (param $rows i32) (param $width i32)
    (local $r i32) (local $e i32) (local $end i32) (local $ow i32) (local $iw i32) (local $w i32)
    (local $c i32) (local $ob i32) (local $ib i32) (local $k i32) (local $w4 i32) (local $wb i32)
    (local $as f32) (local $a v128) (local $rowBytes i32)
    (local.set $rowBytes (i32.shl (local.get $width) (i32.const 2)))
    (local.set $r (i32.const 0))
    (block $rowsDone
      (loop $rowsLoop
        (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $ow (i32.load (i32.add (local.get $outW) (i32.shl (local.get $r) (i32.const 2)))))
        (local.set $ob (i32.add (local.get $out) (i32.mul (local.get $r) (local.get $rowBytes))))
        (local.set $e (i32.load (i32.add (local.get $rp) (i32.shl (local.get $r) (i32.const 2)))))
        (local.set $end (i32.load (i32.add (local.get $rp) (i32.shl (i32.add (local.get $r) (i32.const 1)) (i32.const 2)))))
        (block $edgesDone
          (loop $edgesLoop
            (br_if $edgesDone (i32.ge_s (local.get $e) (local.get $end)))
            (local.set $c (i32.load (i32.add (local.get $ci) (i32.shl (local.get $e) (i32.const 2)))))
            (local.set $as (f32.load (i32.add (local.get $vals) (i32.shl (local.get $e) (i32.const 2)))))
            (local.set $a (f32x4.splat (local.get $as)))
            (local.set $iw (i32.load (i32.add (local.get $inW) (i32.shl (local.get $c) (i32.const 2)))))
            (local.set $w (select (local.get $iw) (local.get $ow) (i32.lt_s (local.get $iw) (local.get $ow))))
            (local.set $wb (i32.shl (local.get $w) (i32.const 2)))
            (local.set $w4 (i32.and (local.get $wb) (i32.const -16)))
            (local.set $ib (i32.add (local.get $x) (i32.mul (local.get $c) (local.get $rowBytes))))
            (local.set $k (i32.const 0))
            (block $simdDone
              (loop $simdLoop
                (br_if $simdDone (i32.ge_s (local.get $k) (local.get $w4)))
                (v128.store (i32.add (local.get $ob) (local.get $k))
                  (f32x4.add
                    (v128.load (i32.add (local.get $ob) (local.get $k)))
                    (f32x4.mul (local.get $a) (v128.load (i32.add (local.get $ib) (local.get $k))))))
                (local.set $k (i32.add (local.get $k) (i32.const 16)))
                (br $simdLoop)))
            (block $tailDone
              (loop $tailLoop
                (br_if $tailDone (i32.ge_s (local.get $k) (local.get $wb)))
                (f32.store (i32.add (local.get $ob) (local.get $k))
                  (f32.add
                    (f32.load (i32.add (local.get $ob) (local.get $k)))
                    (f32.mul (local.get $as) (f32.load (i32.add (local.get $ib) (local.get $k))))))
                (local.set $k (i32.add (local.get $k) (i32.const 4)))
                (br $tailLoop)))
            (local.set $e (i32.add (local.get $e) (i32.const 1)))
            (br $edgesLoop)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rowsLoop))))
)
