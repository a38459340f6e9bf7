// The static site builder lives in this target; see SiteBuilder.swift.
