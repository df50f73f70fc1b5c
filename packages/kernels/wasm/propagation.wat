;; Kernels of the fused propagation + BPR training step (SIMD f32x4). All pointers are
;; byte offsets into the module's memory; rows of every dense matrix are `stride` floats
;; apart (`stride` a multiple of 16) and every buffer is 16-byte aligned.
;; The BPR functions (bpr_diff, bpr_grad) are spliced in from bpr.wat by
;; scripts/build-wasm.mjs, so they work on this module's memory.
;; The block bodies below (16, 8 and 4 columns) are the same code with 4, 2 and 1
;; accumulators. There is no 32-column body (eight accumulators): on V8 (Node 20, x64) it
;; ran 1.35x slower per product than two 16-column passes over the same edges, at d = 64,
;; 96 and 256 alike (measured side by side, docs/results.md), and the sums are the same.
(module
  (memory (export "memory") 1)

  ;; spmm where every row and every neighbour is `stride` wide (the caller passes inW = 0):
  ;; the same sums as spmm's unchecked blocks — per column, alpha init (or 0) plus each
  ;; edge's product in edge order, so the same bits — with no width pass, no width checks
  ;; and no edge lists: 16-column blocks. Every row is written in full, rows without edges
  ;; as alpha init (or 0).
  (func $spmm_full
    (param $rp i32) (param $ci i32) (param $vals i32) (param $x i32) (param $out i32) (param $rows i32) (param $stride i32)
    (param $acc i32) (param $init i32) (param $alpha f32)
    (local $r i32) (local $e i32) (local $e0 i32) (local $e1 i32) (local $c0 i32) (local $cb i32) (local $rb i32) (local $ib i32)
    (local $xb i32) (local $ob i32) (local $rowBytes i32)
    (local $av v128) (local $alphav v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local.set $rowBytes (i32.shl (local.get $stride) (i32.const 2)))
    (local.set $alphav (f32x4.splat (local.get $alpha)))
    (local.set $r (i32.const 0))
    (block $rowsDone
      (loop $rowsLoop
        (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $rb (i32.mul (local.get $r) (local.get $rowBytes)))
        (local.set $ib (i32.add (local.get $init) (local.get $rb)))
        (local.set $e0 (i32.load (i32.add (local.get $rp) (i32.shl (local.get $r) (i32.const 2)))))
        (local.set $e1 (i32.load (i32.add (local.get $rp) (i32.shl (i32.add (local.get $r) (i32.const 1)) (i32.const 2)))))
        (local.set $c0 (i32.const 0))
        (block $blocksDone
          (loop $blocksLoop
            (br_if $blocksDone (i32.ge_s (local.get $c0) (local.get $stride)))
            (local.set $cb (i32.shl (local.get $c0) (i32.const 2)))
            (if (local.get $init)
              (then
                (local.set $a0 (f32x4.mul (local.get $alphav) (v128.load offset=0 (i32.add (local.get $ib) (local.get $cb)))))
                (local.set $a1 (f32x4.mul (local.get $alphav) (v128.load offset=16 (i32.add (local.get $ib) (local.get $cb)))))
                (local.set $a2 (f32x4.mul (local.get $alphav) (v128.load offset=32 (i32.add (local.get $ib) (local.get $cb)))))
                (local.set $a3 (f32x4.mul (local.get $alphav) (v128.load offset=48 (i32.add (local.get $ib) (local.get $cb))))))
              (else
                (local.set $a0 (v128.const i32x4 0 0 0 0))
                (local.set $a1 (v128.const i32x4 0 0 0 0))
                (local.set $a2 (v128.const i32x4 0 0 0 0))
                (local.set $a3 (v128.const i32x4 0 0 0 0))))
            (local.set $e (local.get $e0))
            (block $edges16Done
              (loop $edges16Loop
                (br_if $edges16Done (i32.ge_s (local.get $e) (local.get $e1)))
                (local.set $av (v128.load32_splat (i32.add (local.get $vals) (i32.shl (local.get $e) (i32.const 2)))))
                (local.set $xb (i32.add (i32.add (local.get $x) (i32.mul (i32.load (i32.add (local.get $ci) (i32.shl (local.get $e) (i32.const 2)))) (local.get $rowBytes))) (local.get $cb)))
                (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $av) (v128.load offset=0 (local.get $xb)))))
                (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $av) (v128.load offset=16 (local.get $xb)))))
                (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (local.get $av) (v128.load offset=32 (local.get $xb)))))
                (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (local.get $av) (v128.load offset=48 (local.get $xb)))))
                (local.set $e (i32.add (local.get $e) (i32.const 1)))
                (br $edges16Loop)))
            (local.set $ob (i32.add (i32.add (local.get $out) (local.get $rb)) (local.get $cb)))
            (v128.store offset=0 (local.get $ob) (local.get $a0))
            (v128.store offset=16 (local.get $ob) (local.get $a1))
            (v128.store offset=32 (local.get $ob) (local.get $a2))
            (v128.store offset=48 (local.get $ob) (local.get $a3))
            (if (local.get $acc)
              (then
                (local.set $ob (i32.add (i32.add (local.get $acc) (local.get $rb)) (local.get $cb)))
                (v128.store offset=0 (local.get $ob) (f32x4.add (v128.load offset=0 (local.get $ob)) (local.get $a0)))
                (v128.store offset=16 (local.get $ob) (f32x4.add (v128.load offset=16 (local.get $ob)) (local.get $a1)))
                (v128.store offset=32 (local.get $ob) (f32x4.add (v128.load offset=32 (local.get $ob)) (local.get $a2)))
                (v128.store offset=48 (local.get $ob) (f32x4.add (v128.load offset=48 (local.get $ob)) (local.get $a3)))))
            (local.set $c0 (i32.add (local.get $c0) (i32.const 16)))
            (br $blocksLoop)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rowsLoop))))

  ;; spmm_full with x in bfloat16 (spmm's inW = 1): x rows are `stride` bfloat16 values,
  ;; 2 * stride bytes, in pack_bf16's layout (the 32-bit lane j of each 16-byte group holds
  ;; column j of the group's eight in its low half and column j + 4 in its high half), so
  ;; a shift and a mask widen each half to float32 exactly. out, init and acc stay float32;
  ;; the sums are spmm_full's on the rounded x, in the same order (the same bits as
  ;; spmm_full on x rounded to bfloat16), with half the bytes read per edge.
  (func $spmm_full_bf16
    (param $rp i32) (param $ci i32) (param $vals i32) (param $x i32) (param $out i32) (param $rows i32) (param $stride i32)
    (param $acc i32) (param $init i32) (param $alpha f32)
    (local $r i32) (local $e i32) (local $e0 i32) (local $e1 i32) (local $c0 i32) (local $cb i32) (local $rb i32) (local $ib i32)
    (local $xb i32) (local $ob i32) (local $rowBytes i32) (local $xRowBytes i32)
    (local $av v128) (local $alphav v128) (local $v v128) (local $hi v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local.set $rowBytes (i32.shl (local.get $stride) (i32.const 2)))
    (local.set $alphav (f32x4.splat (local.get $alpha)))
    (local.set $xRowBytes (i32.shl (local.get $stride) (i32.const 1)))
    (local.set $hi (v128.const i32x4 0xffff0000 0xffff0000 0xffff0000 0xffff0000))
    (local.set $r (i32.const 0))
    (block $rowsDone
      (loop $rowsLoop
        (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $rb (i32.mul (local.get $r) (local.get $rowBytes)))
        (local.set $ib (i32.add (local.get $init) (local.get $rb)))
        (local.set $e0 (i32.load (i32.add (local.get $rp) (i32.shl (local.get $r) (i32.const 2)))))
        (local.set $e1 (i32.load (i32.add (local.get $rp) (i32.shl (i32.add (local.get $r) (i32.const 1)) (i32.const 2)))))
        (local.set $c0 (i32.const 0))
        (block $blocksDone
          (loop $blocksLoop
            (br_if $blocksDone (i32.ge_s (local.get $c0) (local.get $stride)))
            (local.set $cb (i32.shl (local.get $c0) (i32.const 2)))
            (if (local.get $init)
              (then
                (local.set $a0 (f32x4.mul (local.get $alphav) (v128.load offset=0 (i32.add (local.get $ib) (local.get $cb)))))
                (local.set $a1 (f32x4.mul (local.get $alphav) (v128.load offset=16 (i32.add (local.get $ib) (local.get $cb)))))
                (local.set $a2 (f32x4.mul (local.get $alphav) (v128.load offset=32 (i32.add (local.get $ib) (local.get $cb)))))
                (local.set $a3 (f32x4.mul (local.get $alphav) (v128.load offset=48 (i32.add (local.get $ib) (local.get $cb))))))
              (else
                (local.set $a0 (v128.const i32x4 0 0 0 0))
                (local.set $a1 (v128.const i32x4 0 0 0 0))
                (local.set $a2 (v128.const i32x4 0 0 0 0))
                (local.set $a3 (v128.const i32x4 0 0 0 0))))
            (local.set $e (local.get $e0))
            (block $edges16Done
              (loop $edges16Loop
                (br_if $edges16Done (i32.ge_s (local.get $e) (local.get $e1)))
                (local.set $av (v128.load32_splat (i32.add (local.get $vals) (i32.shl (local.get $e) (i32.const 2)))))
                (local.set $xb (i32.add (i32.add (local.get $x) (i32.mul (i32.load (i32.add (local.get $ci) (i32.shl (local.get $e) (i32.const 2)))) (local.get $xRowBytes))) (i32.shr_u (local.get $cb) (i32.const 1))))
                (local.set $v (v128.load offset=0 (local.get $xb)))
                (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $av) (i32x4.shl (local.get $v) (i32.const 16)))))
                (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $av) (v128.and (local.get $v) (local.get $hi)))))
                (local.set $v (v128.load offset=16 (local.get $xb)))
                (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (local.get $av) (i32x4.shl (local.get $v) (i32.const 16)))))
                (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (local.get $av) (v128.and (local.get $v) (local.get $hi)))))
                (local.set $e (i32.add (local.get $e) (i32.const 1)))
                (br $edges16Loop)))
            (local.set $ob (i32.add (i32.add (local.get $out) (local.get $rb)) (local.get $cb)))
            (v128.store offset=0 (local.get $ob) (local.get $a0))
            (v128.store offset=16 (local.get $ob) (local.get $a1))
            (v128.store offset=32 (local.get $ob) (local.get $a2))
            (v128.store offset=48 (local.get $ob) (local.get $a3))
            (if (local.get $acc)
              (then
                (local.set $ob (i32.add (i32.add (local.get $acc) (local.get $rb)) (local.get $cb)))
                (v128.store offset=0 (local.get $ob) (f32x4.add (v128.load offset=0 (local.get $ob)) (local.get $a0)))
                (v128.store offset=16 (local.get $ob) (f32x4.add (v128.load offset=16 (local.get $ob)) (local.get $a1)))
                (v128.store offset=32 (local.get $ob) (f32x4.add (v128.load offset=32 (local.get $ob)) (local.get $a2)))
                (v128.store offset=48 (local.get $ob) (f32x4.add (v128.load offset=48 (local.get $ob)) (local.get $a3)))))
            (local.set $c0 (i32.add (local.get $c0) (i32.const 16)))
            (br $blocksLoop)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rowsLoop))))

  ;; dst (bfloat16, pack_bf16's layout, 2 n bytes) = src (n float32 values, n a multiple of
  ;; 8) rounded to the nearest bfloat16, ties to even. Finite values only (a NaN whose
  ;; payload sits in the low 16 bits rounds to infinity).
  (func $pack_bf16 (export "pack_bf16") (param $src i32) (param $dst i32) (param $n i32)
    (local $i i32) (local $a v128) (local $b v128) (local $bias v128) (local $one v128)
    (local.set $bias (v128.const i32x4 0x7fff 0x7fff 0x7fff 0x7fff))
    (local.set $one (v128.const i32x4 1 1 1 1))
    (block $done
      (loop $groups
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $a (v128.load offset=0 (i32.add (local.get $src) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $b (v128.load offset=16 (i32.add (local.get $src) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $a (i32x4.add (local.get $a) (i32x4.add (local.get $bias) (v128.and (i32x4.shr_u (local.get $a) (i32.const 16)) (local.get $one)))))
        (local.set $b (i32x4.add (local.get $b) (i32x4.add (local.get $bias) (v128.and (i32x4.shr_u (local.get $b) (i32.const 16)) (local.get $one)))))
        (v128.store (i32.add (local.get $dst) (i32.shl (local.get $i) (i32.const 1)))
          (v128.or (i32x4.shr_u (local.get $a) (i32.const 16)) (v128.and (local.get $b) (v128.const i32x4 0xffff0000 0xffff0000 0xffff0000 0xffff0000))))
        (local.set $i (i32.add (local.get $i) (i32.const 8)))
        (br $groups))))

  ;; out[r, k] = alpha init[r, k] (when init != 0, else 0)
  ;;           + sum over e in rp[r]..rp[r+1] of vals[e] x[ci[e], k], for k < min(inW[ci[e]], outW[r]);
  ;; and, when acc != 0, acc[r, k] += out[r, k].
  ;; A row is computed in column blocks of 16 (four v128 accumulators), then 8 or 4
  ;; for what remains, up to outW[r] rounded up to 4; columns beyond are not written.
  ;; Inside computed blocks a neighbour contributes nothing at or beyond its width, so a
  ;; row's columns beyond outW[r] come out as alpha init (0 without init). Blocks where
  ;; every neighbour is at least as wide as the block skip the per-edge width checks;
  ;; otherwise the edges still wider than the block are kept in `list` (room for the
  ;; largest row degree), so later blocks of the row walk only those.
  ;; inW = 0 (never a width array: the CSR arrays come first) means every width is
  ;; `stride`: spmm_full computes it (outW and list unread). inW = 1 (never a width array
  ;; either) is the same with x in bfloat16: spmm_full_bf16.
  (func $spmm (export "spmm")
    (param $rp i32) (param $ci i32) (param $vals i32) (param $inW i32) (param $outW i32)
    (param $x i32) (param $out i32) (param $rows i32) (param $stride i32)
    (param $acc i32) (param $init i32) (param $alpha f32) (param $list i32)
    (local $r i32) (local $e i32) (local $e0 i32) (local $e1 i32) (local $ow i32) (local $ow4 i32) (local $w i32) (local $minW i32)
    (local $c i32) (local $ob i32) (local $xb i32) (local $c0 i32) (local $cb i32) (local $rb i32) (local $ib i32) (local $rowBytes i32)
    (local $j i32) (local $kept i32) (local $listLen i32) (local $listed i32) (local $rest i32)
    (local $av v128) (local $wv v128) (local $lane v128) (local $alphav v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (if (i32.eqz (local.get $inW))
      (then
        (call $spmm_full (local.get $rp) (local.get $ci) (local.get $vals) (local.get $x) (local.get $out) (local.get $rows) (local.get $stride)
          (local.get $acc) (local.get $init) (local.get $alpha))
        (return)))
    (if (i32.eq (local.get $inW) (i32.const 1))
      (then
        (call $spmm_full_bf16 (local.get $rp) (local.get $ci) (local.get $vals) (local.get $x) (local.get $out) (local.get $rows) (local.get $stride)
          (local.get $acc) (local.get $init) (local.get $alpha))
        (return)))
    (local.set $rowBytes (i32.shl (local.get $stride) (i32.const 2)))
    (local.set $alphav (f32x4.splat (local.get $alpha)))
    (local.set $r (i32.const 0))
    (block $rowsDone
      (loop $rowsLoop
        (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $ow (i32.load (i32.add (local.get $outW) (i32.shl (local.get $r) (i32.const 2)))))
        (local.set $ow4 (i32.and (i32.add (local.get $ow) (i32.const 3)) (i32.const -4)))
        (local.set $rb (i32.mul (local.get $r) (local.get $rowBytes)))
        (local.set $ib (i32.add (local.get $init) (local.get $rb)))
        (local.set $e0 (i32.load (i32.add (local.get $rp) (i32.shl (local.get $r) (i32.const 2)))))
        (local.set $e1 (i32.load (i32.add (local.get $rp) (i32.shl (i32.add (local.get $r) (i32.const 1)) (i32.const 2)))))
        ;; minW: the narrowest neighbour input width, capped at the row's output width
        (local.set $minW (local.get $ow))
        (local.set $e (local.get $e0))
        (block $minDone
          (loop $minLoop
            (br_if $minDone (i32.ge_s (local.get $e) (local.get $e1)))
            (local.set $w (i32.load (i32.add (local.get $inW) (i32.shl (i32.load (i32.add (local.get $ci) (i32.shl (local.get $e) (i32.const 2)))) (i32.const 2)))))
            (local.set $minW (select (local.get $w) (local.get $minW) (i32.lt_s (local.get $w) (local.get $minW))))
            (local.set $e (i32.add (local.get $e) (i32.const 1)))
            (br $minLoop)))
        (local.set $listed (i32.const 0))
        (local.set $c0 (i32.const 0))
        (block $blocksDone
          (loop $blocksLoop
            (br_if $blocksDone (i32.ge_s (local.get $c0) (local.get $ow)))
            (local.set $cb (i32.shl (local.get $c0) (i32.const 2)))
            (local.set $rest (i32.sub (local.get $ow4) (local.get $c0)))
            (if (i32.ge_s (local.get $rest) (i32.const 16))
              (then
                ;; ---- a 16-column block at c0 ----
                (if (local.get $init)
                  (then
                    (local.set $a0 (f32x4.mul (local.get $alphav) (v128.load offset=0 (i32.add (local.get $ib) (local.get $cb)))))
                    (local.set $a1 (f32x4.mul (local.get $alphav) (v128.load offset=16 (i32.add (local.get $ib) (local.get $cb)))))
                    (local.set $a2 (f32x4.mul (local.get $alphav) (v128.load offset=32 (i32.add (local.get $ib) (local.get $cb)))))
                    (local.set $a3 (f32x4.mul (local.get $alphav) (v128.load offset=48 (i32.add (local.get $ib) (local.get $cb)))))
                  )
                  (else
                    (local.set $a0 (v128.const i32x4 0 0 0 0))
                    (local.set $a1 (v128.const i32x4 0 0 0 0))
                    (local.set $a2 (v128.const i32x4 0 0 0 0))
                    (local.set $a3 (v128.const i32x4 0 0 0 0))
                  ))
                (if (i32.le_s (i32.add (local.get $c0) (i32.const 16)) (local.get $minW))
                  (then
                    ;; every neighbour is at least as wide as the block: all edges, no width checks
                    (local.set $e (local.get $e0))
                    (block $fastDone16
                      (loop $fastLoop16
                        (br_if $fastDone16 (i32.ge_s (local.get $e) (local.get $e1)))
                        (local.set $av (v128.load32_splat (i32.add (local.get $vals) (i32.shl (local.get $e) (i32.const 2)))))
                        (local.set $xb (i32.add (i32.add (local.get $x) (i32.mul (i32.load (i32.add (local.get $ci) (i32.shl (local.get $e) (i32.const 2)))) (local.get $rowBytes))) (local.get $cb)))
                        (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $av) (v128.load offset=0 (local.get $xb)))))
                        (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $av) (v128.load offset=16 (local.get $xb)))))
                        (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (local.get $av) (v128.load offset=32 (local.get $xb)))))
                        (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (local.get $av) (v128.load offset=48 (local.get $xb)))))
                        (local.set $e (i32.add (local.get $e) (i32.const 1)))
                        (br $fastLoop16))))
                  (else
                    ;; width-checked: the first such block walks the row's edges, later ones only the
                    ;; edges `list` kept (those wider than the previous block)
                    (local.set $j (i32.const 0))
                    (local.set $kept (i32.const 0))
                    (block $edgesDone16
                      (loop $edgesLoop16
                        (if (local.get $listed)
                          (then
                            (br_if $edgesDone16 (i32.ge_s (local.get $j) (local.get $listLen)))
                            (local.set $e (i32.load (i32.add (local.get $list) (i32.shl (local.get $j) (i32.const 2))))))
                          (else
                            (local.set $e (i32.add (local.get $e0) (local.get $j)))
                            (br_if $edgesDone16 (i32.ge_s (local.get $e) (local.get $e1)))))
                        (local.set $c (i32.load (i32.add (local.get $ci) (i32.shl (local.get $e) (i32.const 2)))))
                        (local.set $w (i32.load (i32.add (local.get $inW) (i32.shl (local.get $c) (i32.const 2)))))
                        (local.set $w (select (local.get $w) (local.get $ow) (i32.lt_s (local.get $w) (local.get $ow))))
                        (if (i32.gt_s (local.get $w) (local.get $c0))
                          (then
                            (local.set $av (v128.load32_splat (i32.add (local.get $vals) (i32.shl (local.get $e) (i32.const 2)))))
                            (local.set $xb (i32.add (i32.add (local.get $x) (i32.mul (local.get $c) (local.get $rowBytes))) (local.get $cb)))
                            (if (i32.ge_s (local.get $w) (i32.add (local.get $c0) (i32.const 16)))
                              (then
                                (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $av) (v128.load offset=0 (local.get $xb)))))
                                (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $av) (v128.load offset=16 (local.get $xb)))))
                                (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (local.get $av) (v128.load offset=32 (local.get $xb)))))
                                (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (local.get $av) (v128.load offset=48 (local.get $xb)))))
                                (if (i32.gt_s (local.get $w) (i32.add (local.get $c0) (i32.const 16)))
                                  (then
                                    (i32.store (i32.add (local.get $list) (i32.shl (local.get $kept) (i32.const 2))) (local.get $e))
                                    (local.set $kept (i32.add (local.get $kept) (i32.const 1))))))
                              (else
                                ;; partial block: lanes at or beyond w are masked to 0
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
                                  (v128.and (v128.load offset=48 (local.get $xb)) (i32x4.lt_s (local.get $lane) (local.get $wv))))))
                              ))))
                        (local.set $j (i32.add (local.get $j) (i32.const 1)))
                        (br $edgesLoop16)))
                    (local.set $listLen (local.get $kept))
                    (local.set $listed (i32.const 1))
                  ))
                (local.set $ob (i32.add (i32.add (local.get $out) (local.get $rb)) (local.get $cb)))
                (v128.store offset=0 (local.get $ob) (local.get $a0))
                (v128.store offset=16 (local.get $ob) (local.get $a1))
                (v128.store offset=32 (local.get $ob) (local.get $a2))
                (v128.store offset=48 (local.get $ob) (local.get $a3))
                (if (local.get $acc)
                  (then
                    (local.set $ob (i32.add (i32.add (local.get $acc) (local.get $rb)) (local.get $cb)))
                    (v128.store offset=0 (local.get $ob) (f32x4.add (v128.load offset=0 (local.get $ob)) (local.get $a0)))
                    (v128.store offset=16 (local.get $ob) (f32x4.add (v128.load offset=16 (local.get $ob)) (local.get $a1)))
                    (v128.store offset=32 (local.get $ob) (f32x4.add (v128.load offset=32 (local.get $ob)) (local.get $a2)))
                    (v128.store offset=48 (local.get $ob) (f32x4.add (v128.load offset=48 (local.get $ob)) (local.get $a3)))
                  ))
                (local.set $c0 (i32.add (local.get $c0) (i32.const 16)))
              )
              (else
                (if (i32.ge_s (local.get $rest) (i32.const 8))
                  (then
                    ;; ---- a 8-column block at c0 ----
                    (if (local.get $init)
                      (then
                        (local.set $a0 (f32x4.mul (local.get $alphav) (v128.load offset=0 (i32.add (local.get $ib) (local.get $cb)))))
                        (local.set $a1 (f32x4.mul (local.get $alphav) (v128.load offset=16 (i32.add (local.get $ib) (local.get $cb)))))
                      )
                      (else
                        (local.set $a0 (v128.const i32x4 0 0 0 0))
                        (local.set $a1 (v128.const i32x4 0 0 0 0))
                      ))
                    (if (i32.le_s (i32.add (local.get $c0) (i32.const 8)) (local.get $minW))
                      (then
                        ;; every neighbour is at least as wide as the block: all edges, no width checks
                        (local.set $e (local.get $e0))
                        (block $fastDone8
                          (loop $fastLoop8
                            (br_if $fastDone8 (i32.ge_s (local.get $e) (local.get $e1)))
                            (local.set $av (v128.load32_splat (i32.add (local.get $vals) (i32.shl (local.get $e) (i32.const 2)))))
                            (local.set $xb (i32.add (i32.add (local.get $x) (i32.mul (i32.load (i32.add (local.get $ci) (i32.shl (local.get $e) (i32.const 2)))) (local.get $rowBytes))) (local.get $cb)))
                            (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $av) (v128.load offset=0 (local.get $xb)))))
                            (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $av) (v128.load offset=16 (local.get $xb)))))
                            (local.set $e (i32.add (local.get $e) (i32.const 1)))
                            (br $fastLoop8))))
                      (else
                        ;; width-checked: the first such block walks the row's edges, later ones only the
                        ;; edges `list` kept (those wider than the previous block)
                        (local.set $j (i32.const 0))
                        (local.set $kept (i32.const 0))
                        (block $edgesDone8
                          (loop $edgesLoop8
                            (if (local.get $listed)
                              (then
                                (br_if $edgesDone8 (i32.ge_s (local.get $j) (local.get $listLen)))
                                (local.set $e (i32.load (i32.add (local.get $list) (i32.shl (local.get $j) (i32.const 2))))))
                              (else
                                (local.set $e (i32.add (local.get $e0) (local.get $j)))
                                (br_if $edgesDone8 (i32.ge_s (local.get $e) (local.get $e1)))))
                            (local.set $c (i32.load (i32.add (local.get $ci) (i32.shl (local.get $e) (i32.const 2)))))
                            (local.set $w (i32.load (i32.add (local.get $inW) (i32.shl (local.get $c) (i32.const 2)))))
                            (local.set $w (select (local.get $w) (local.get $ow) (i32.lt_s (local.get $w) (local.get $ow))))
                            (if (i32.gt_s (local.get $w) (local.get $c0))
                              (then
                                (local.set $av (v128.load32_splat (i32.add (local.get $vals) (i32.shl (local.get $e) (i32.const 2)))))
                                (local.set $xb (i32.add (i32.add (local.get $x) (i32.mul (local.get $c) (local.get $rowBytes))) (local.get $cb)))
                                (if (i32.ge_s (local.get $w) (i32.add (local.get $c0) (i32.const 8)))
                                  (then
                                    (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $av) (v128.load offset=0 (local.get $xb)))))
                                    (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $av) (v128.load offset=16 (local.get $xb)))))
                                    (if (i32.gt_s (local.get $w) (i32.add (local.get $c0) (i32.const 8)))
                                      (then
                                        (i32.store (i32.add (local.get $list) (i32.shl (local.get $kept) (i32.const 2))) (local.get $e))
                                        (local.set $kept (i32.add (local.get $kept) (i32.const 1))))))
                                  (else
                                    ;; partial block: lanes at or beyond w are masked to 0
                                    (local.set $wv (i32x4.splat (local.get $w)))
                                    (local.set $lane (i32x4.add (v128.const i32x4 0 1 2 3) (i32x4.splat (local.get $c0))))
                                    (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $av)
                                      (v128.and (v128.load offset=0 (local.get $xb)) (i32x4.lt_s (local.get $lane) (local.get $wv))))))
                                    (local.set $lane (i32x4.add (local.get $lane) (v128.const i32x4 4 4 4 4)))
                                    (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $av)
                                      (v128.and (v128.load offset=16 (local.get $xb)) (i32x4.lt_s (local.get $lane) (local.get $wv))))))
                                  ))))
                            (local.set $j (i32.add (local.get $j) (i32.const 1)))
                            (br $edgesLoop8)))
                        (local.set $listLen (local.get $kept))
                        (local.set $listed (i32.const 1))
                      ))
                    (local.set $ob (i32.add (i32.add (local.get $out) (local.get $rb)) (local.get $cb)))
                    (v128.store offset=0 (local.get $ob) (local.get $a0))
                    (v128.store offset=16 (local.get $ob) (local.get $a1))
                    (if (local.get $acc)
                      (then
                        (local.set $ob (i32.add (i32.add (local.get $acc) (local.get $rb)) (local.get $cb)))
                        (v128.store offset=0 (local.get $ob) (f32x4.add (v128.load offset=0 (local.get $ob)) (local.get $a0)))
                        (v128.store offset=16 (local.get $ob) (f32x4.add (v128.load offset=16 (local.get $ob)) (local.get $a1)))
                      ))
                    (local.set $c0 (i32.add (local.get $c0) (i32.const 8)))
                  )
                  (else
                    ;; ---- a 4-column block at c0 ----
                    (if (local.get $init)
                      (then
                        (local.set $a0 (f32x4.mul (local.get $alphav) (v128.load offset=0 (i32.add (local.get $ib) (local.get $cb)))))
                      )
                      (else
                        (local.set $a0 (v128.const i32x4 0 0 0 0))
                      ))
                    (if (i32.le_s (i32.add (local.get $c0) (i32.const 4)) (local.get $minW))
                      (then
                        ;; every neighbour is at least as wide as the block: all edges, no width checks
                        (local.set $e (local.get $e0))
                        (block $fastDone4
                          (loop $fastLoop4
                            (br_if $fastDone4 (i32.ge_s (local.get $e) (local.get $e1)))
                            (local.set $av (v128.load32_splat (i32.add (local.get $vals) (i32.shl (local.get $e) (i32.const 2)))))
                            (local.set $xb (i32.add (i32.add (local.get $x) (i32.mul (i32.load (i32.add (local.get $ci) (i32.shl (local.get $e) (i32.const 2)))) (local.get $rowBytes))) (local.get $cb)))
                            (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $av) (v128.load offset=0 (local.get $xb)))))
                            (local.set $e (i32.add (local.get $e) (i32.const 1)))
                            (br $fastLoop4))))
                      (else
                        ;; width-checked: the first such block walks the row's edges, later ones only the
                        ;; edges `list` kept (those wider than the previous block)
                        (local.set $j (i32.const 0))
                        (local.set $kept (i32.const 0))
                        (block $edgesDone4
                          (loop $edgesLoop4
                            (if (local.get $listed)
                              (then
                                (br_if $edgesDone4 (i32.ge_s (local.get $j) (local.get $listLen)))
                                (local.set $e (i32.load (i32.add (local.get $list) (i32.shl (local.get $j) (i32.const 2))))))
                              (else
                                (local.set $e (i32.add (local.get $e0) (local.get $j)))
                                (br_if $edgesDone4 (i32.ge_s (local.get $e) (local.get $e1)))))
                            (local.set $c (i32.load (i32.add (local.get $ci) (i32.shl (local.get $e) (i32.const 2)))))
                            (local.set $w (i32.load (i32.add (local.get $inW) (i32.shl (local.get $c) (i32.const 2)))))
                            (local.set $w (select (local.get $w) (local.get $ow) (i32.lt_s (local.get $w) (local.get $ow))))
                            (if (i32.gt_s (local.get $w) (local.get $c0))
                              (then
                                (local.set $av (v128.load32_splat (i32.add (local.get $vals) (i32.shl (local.get $e) (i32.const 2)))))
                                (local.set $xb (i32.add (i32.add (local.get $x) (i32.mul (local.get $c) (local.get $rowBytes))) (local.get $cb)))
                                (if (i32.ge_s (local.get $w) (i32.add (local.get $c0) (i32.const 4)))
                                  (then
                                    (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $av) (v128.load offset=0 (local.get $xb)))))
                                    (if (i32.gt_s (local.get $w) (i32.add (local.get $c0) (i32.const 4)))
                                      (then
                                        (i32.store (i32.add (local.get $list) (i32.shl (local.get $kept) (i32.const 2))) (local.get $e))
                                        (local.set $kept (i32.add (local.get $kept) (i32.const 1))))))
                                  (else
                                    ;; partial block: lanes at or beyond w are masked to 0
                                    (local.set $wv (i32x4.splat (local.get $w)))
                                    (local.set $lane (i32x4.add (v128.const i32x4 0 1 2 3) (i32x4.splat (local.get $c0))))
                                    (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $av)
                                      (v128.and (v128.load offset=0 (local.get $xb)) (i32x4.lt_s (local.get $lane) (local.get $wv))))))
                                  ))))
                            (local.set $j (i32.add (local.get $j) (i32.const 1)))
                            (br $edgesLoop4)))
                        (local.set $listLen (local.get $kept))
                        (local.set $listed (i32.const 1))
                      ))
                    (local.set $ob (i32.add (i32.add (local.get $out) (local.get $rb)) (local.get $cb)))
                    (v128.store offset=0 (local.get $ob) (local.get $a0))
                    (if (local.get $acc)
                      (then
                        (local.set $ob (i32.add (i32.add (local.get $acc) (local.get $rb)) (local.get $cb)))
                        (v128.store offset=0 (local.get $ob) (f32x4.add (v128.load offset=0 (local.get $ob)) (local.get $a0)))
                      ))
                    (local.set $c0 (i32.add (local.get $c0) (i32.const 4)))
                  ))
              ))
            (br $blocksLoop)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rowsLoop))))
)
