import FuzzEntries

/// libFuzzer's entry: one input through FuzzEntries.hl7 (see Fuzz/README.md).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    FuzzEntries.hl7(Array(UnsafeRawBufferPointer(start: start, count: count)))
    return 0
}
