package org.gistsweep.worker.train;

/** Which part of the model a parameter belongs to (for freezing and parameter accounting). */
enum ParamGroup {
  /** Pretrained ViT tensors (timm names). */
  BACKBONE,
  /** The classification head, shared by s_cls and s_gist. */
  HEAD,
  /** The Gist token(s). */
  GIST,
  /** Added PEFT modules: adapters, LoRA factors. */
  PEFT
}
