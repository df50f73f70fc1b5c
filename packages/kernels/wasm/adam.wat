;; PyTorch's Adam over float32 arrays in float64 arithmetic: entry for entry the expressions
;; of adamUpdate in @scall/plugin-utils (plain step), in the same order, so the same bits:
;;   m' = beta1 m + (1 - beta1) g,  v' = beta2 v + ((1 - beta2) g) g,
;;   p' = p - (stepSize m') / (sqrt(v') / sqrtBc2 + epsilon),
;; every value read from float32 and m', v', p' rounded back to float32 when stored (the
;; float64 m' and v' feed p'). Two entries per step in f64x2 lanes, a last odd one alone.
;; Pointers are byte offsets of float32 arrays in the module's memory.
(module
  (memory (export "memory") 1)

  (func (export "adam")
    (param $p i32) (param $g i32) (param $m i32) (param $v i32) (param $from i32) (param $to i32)
    (param $beta1 f64) (param $beta2 f64) (param $stepSize f64) (param $sqrtBc2 f64) (param $epsilon f64)
    (local $j i32) (local $o i32) (local $pairs i32)
    (local $b1 v128) (local $c1 v128) (local $b2 v128) (local $c2 v128) (local $ss v128) (local $sb v128) (local $ep v128)
    (local $gv v128) (local $mv v128) (local $vv v128)
    (local $gs f64) (local $ms f64) (local $vs f64)
    (local.set $b1 (f64x2.splat (local.get $beta1)))
    (local.set $c1 (f64x2.splat (f64.sub (f64.const 1) (local.get $beta1))))
    (local.set $b2 (f64x2.splat (local.get $beta2)))
    (local.set $c2 (f64x2.splat (f64.sub (f64.const 1) (local.get $beta2))))
    (local.set $ss (f64x2.splat (local.get $stepSize)))
    (local.set $sb (f64x2.splat (local.get $sqrtBc2)))
    (local.set $ep (f64x2.splat (local.get $epsilon)))
    (local.set $j (local.get $from))
    (local.set $pairs (i32.sub (local.get $to) (i32.const 1)))
    (block $done
      (loop $pairsLoop
        (br_if $done (i32.ge_s (local.get $j) (local.get $pairs)))
        (local.set $o (i32.shl (local.get $j) (i32.const 2)))
        (local.set $gv (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $g) (local.get $o)))))
        (local.set $mv (f64x2.add
          (f64x2.mul (local.get $b1) (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $m) (local.get $o)))))
          (f64x2.mul (local.get $c1) (local.get $gv))))
        (local.set $vv (f64x2.add
          (f64x2.mul (local.get $b2) (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $v) (local.get $o)))))
          (f64x2.mul (f64x2.mul (local.get $c2) (local.get $gv)) (local.get $gv))))
        (v128.store64_lane 0 (i32.add (local.get $m) (local.get $o)) (f32x4.demote_f64x2_zero (local.get $mv)))
        (v128.store64_lane 0 (i32.add (local.get $v) (local.get $o)) (f32x4.demote_f64x2_zero (local.get $vv)))
        (v128.store64_lane 0 (i32.add (local.get $p) (local.get $o))
          (f32x4.demote_f64x2_zero
            (f64x2.sub
              (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $p) (local.get $o))))
              (f64x2.div
                (f64x2.mul (local.get $ss) (local.get $mv))
                (f64x2.add (f64x2.div (f64x2.sqrt (local.get $vv)) (local.get $sb)) (local.get $ep))))))
        (local.set $j (i32.add (local.get $j) (i32.const 2)))
        (br $pairsLoop)))
    (if (i32.lt_s (local.get $j) (local.get $to))
      (then
        (local.set $o (i32.shl (local.get $j) (i32.const 2)))
        (local.set $gs (f64.promote_f32 (f32.load (i32.add (local.get $g) (local.get $o)))))
        (local.set $ms (f64.add
          (f64.mul (local.get $beta1) (f64.promote_f32 (f32.load (i32.add (local.get $m) (local.get $o)))))
          (f64.mul (f64.sub (f64.const 1) (local.get $beta1)) (local.get $gs))))
        (local.set $vs (f64.add
          (f64.mul (local.get $beta2) (f64.promote_f32 (f32.load (i32.add (local.get $v) (local.get $o)))))
          (f64.mul (f64.mul (f64.sub (f64.const 1) (local.get $beta2)) (local.get $gs)) (local.get $gs))))
        (f32.store (i32.add (local.get $m) (local.get $o)) (f32.demote_f64 (local.get $ms)))
        (f32.store (i32.add (local.get $v) (local.get $o)) (f32.demote_f64 (local.get $vs)))
        (f32.store (i32.add (local.get $p) (local.get $o))
          (f32.demote_f64
            (f64.sub
              (f64.promote_f32 (f32.load (i32.add (local.get $p) (local.get $o))))
              (f64.div
                (f64.mul (local.get $stepSize) (local.get $ms))
                (f64.add (f64.div (f64.sqrt (local.get $vs)) (local.get $sqrtBc2)) (local.get $epsilon))))))))
  )
)
