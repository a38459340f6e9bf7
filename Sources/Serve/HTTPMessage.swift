import Foundation

/// An HTTP/1.1 request as the local server reads it: method, path, query, headers and body.
public struct HTTPRequest: Sendable, Equatable {
    public var method: String
    /// The percent-decoded path, e.g. `/03-sound-and-motion.html`.
    public var path: String
    /// Header names in lower case.
    public var headers: [String: String]
    public var body: Data

    public init(method: String, path: String, headers: [String: String] = [:], body: Data = Data()) {
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
    }

    /// Reasons a request cannot be read; each becomes a 400 (or 413) answer.
    public enum ParseError: Error, Equatable {
        /// More bytes are needed (the head or the body is not complete yet).
        case incomplete
        case malformed(String)
        case tooLarge(Int)
    }

    /// The largest body accepted (a challenge's code is a few kilobytes).
    public static let maxBody = 1 << 20
    /// The largest request head accepted.
    public static let maxHead = 16 << 10

    /// Parses one request from `data`; `.incomplete` while the head or the announced body is
    /// still arriving.
    public static func parse(_ data: Data) throws(ParseError) -> HTTPRequest {
        let separator = Data("\r\n\r\n".utf8)
        guard let end = data.range(of: separator) else {
            if data.count > maxHead { throw .tooLarge(data.count) }
            throw .incomplete
        }
        guard let head = String(data: data[data.startIndex ..< end.lowerBound], encoding: .utf8) else {
            throw .malformed("the request head is not UTF-8")
        }
        var lines = head.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ", omittingEmptySubsequences: true)
        guard requestLine.count == 3, requestLine[2].hasPrefix("HTTP/1.") else {
            throw .malformed("the request line is not `METHOD PATH HTTP/1.x`")
        }
        var headers: [String: String] = [:]
        for line in lines where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else { throw .malformed("header line without a colon") }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            headers[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var length = 0
        if let value = headers["content-length"] {
            guard let parsed = Int(value), parsed >= 0 else { throw .malformed("Content-Length \(value) is not a number") }
            guard parsed <= maxBody else { throw .tooLarge(parsed) }
            length = parsed
        }
        let bodyStart = end.upperBound
        guard data.count - (bodyStart - data.startIndex) >= length else { throw .incomplete }
        let target = String(requestLine[1])
        let rawPath = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? target
        guard rawPath.hasPrefix("/"), let path = rawPath.removingPercentEncoding else {
            throw .malformed("the target \(target) is not an absolute path")
        }
        return HTTPRequest(method: String(requestLine[0]), path: path, headers: headers,
                           body: Data(data[bodyStart ..< bodyStart + length]))
    }

    /// The body as `application/x-www-form-urlencoded` fields (`+` is a space).
    public func formFields() -> [String: String] {
        var fields: [String: String] = [:]
        for pair in String(decoding: body, as: UTF8.self).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) -> String {
                text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(text)
            }
            fields[decode(parts[0])] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return fields
    }
}

/// An answer of the local server.
public struct HTTPResponse: Sendable, Equatable {
    public var status: Int
    public var contentType: String
    public var body: Data

    public init(status: Int, contentType: String, body: Data) {
        self.status = status
        self.contentType = contentType
        self.body = body
    }

    /// A UTF-8 text or HTML answer.
    public static func text(_ status: Int, _ text: String, type: String = "text/plain; charset=utf-8") -> HTTPResponse {
        HTTPResponse(status: status, contentType: type, body: Data(text.utf8))
    }

    static let reasons = [200: "OK", 400: "Bad Request", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed",
                          413: "Content Too Large", 500: "Internal Server Error"]

    /// Status line, headers and body, closing the connection afterwards.
    public func serialized() -> Data {
        let head = "HTTP/1.1 \(status) \(Self.reasons[status] ?? "Status")\r\n"
            + "Content-Type: \(contentType)\r\nContent-Length: \(body.count)\r\n"
            + "Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n"
        return Data(head.utf8) + body
    }
}
