/// Every run of up to `length` of the pieces: the empty run, then every run of one piece, of two, and so
/// on. The alphabets over which the suites hold a reading by bytes to the general reading it stands for.
func runs<Piece: RangeReplaceableCollection>(of pieces: [Piece], upTo length: Int) -> [Piece] {
    var all = [Piece()], layer = [Piece()]
    for _ in 0..<length {
        layer = layer.flatMap { prefix in pieces.map { prefix + $0 } }
        all += layer
    }
    return all
}
