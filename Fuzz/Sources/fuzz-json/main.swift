import FuzzEntries

/// libFuzzer's entry: one input through FuzzEntries.json (see Fuzz/README.md).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    FuzzEntries.json(Array(UnsafeRawBufferPointer(start: start, count: count)))
    return 0
}
