import Foundation

/// How ``SiteBuilder`` writes a site.
public struct SiteOptions: Sendable {
    /// The build time shown in every page's footer.
    public var buildDate: Date
    /// The course version shown in footers; nil uses ``Notebook/Course/version``.
    public var courseVersion: String?
    /// Whether to write the client-side search (`search-index.js`, `search.js` and a search box).
    public var includeSearch: Bool
    /// Whether to copy the course's `Assets/` folder into the site.
    public var copyAssets: Bool
    /// The pages' `lang` attribute.
    public var language: String
    /// Whether challenge cells are editable forms that post to `/run` (`vectorbook serve`); a static
    /// site shows them as code.
    public var liveChallenges: Bool

    /// - Parameters:
    ///   - buildDate: the build time for footers (default: now).
    ///   - courseVersion: overrides the course's own version string.
    ///   - includeSearch: write the search index, script and box (default true).
    ///   - copyAssets: copy `Assets/` from the course root (default true).
    ///   - language: the BCP 47 language of the course text (default `en`).
    ///   - liveChallenges: editable challenge cells for `vectorbook serve` (default false).
    public init(buildDate: Date = Date(), courseVersion: String? = nil, includeSearch: Bool = true,
                copyAssets: Bool = true, language: String = "en", liveChallenges: Bool = false) {
        self.buildDate = buildDate
        self.courseVersion = courseVersion
        self.includeSearch = includeSearch
        self.copyAssets = copyAssets
        self.language = language
        self.liveChallenges = liveChallenges
    }
}
