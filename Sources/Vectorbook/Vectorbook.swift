// The public API that chapter cells and Swift programs use, in one import.
@_exported import Encoders
@_exported import Media
@_exported import ModelHub
@_exported import Tensors
@_exported import Tokenizers
