import CBLAS
import CCmark
import CPNG
import CSndFile
import CTurboJPEG
import Testing

/// The five system-library targets resolve through pkg-config, link, and answer.
@Suite("System libraries")
struct SystemLibrariesTests {
    @Test("OpenBLAS multiplies a 2×2 matrix")
    func openBLAS() {
        let a: [Float] = [1, 2, 3, 4], b: [Float] = [5, 6, 7, 8]
        var c = [Float](repeating: 0, count: 4)
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, 2, 2, 2, 1, a, 2, b, 2, 0, &c, 2)
        #expect(c == [19, 22, 43, 50])
    }

    @Test("libcmark reports a 0.x version")
    func cmark() {
        #expect(cmark_version() > 0)
        #expect(String(cString: cmark_version_string()).hasPrefix("0."))
    }

    @Test("libpng is 1.6")
    func png() {
        #expect(png_access_version_number() / 100 == 106)
    }

    @Test("libsndfile names itself")
    func sndfile() {
        #expect(String(cString: sf_version_string()).hasPrefix("libsndfile"))
    }

    @Test("TurboJPEG creates and frees a decompressor")
    func turbojpeg() {
        let handle = tjInitDecompress()
        #expect(handle != nil)
        if let handle { #expect(tjDestroy(handle) == 0) }
    }
}
