import Foundation
import Vectorbook

extension BindingRegistry {
    /// `Spectrogram(_:title:secondsPerFrame:yLabel:)` and `LinePlot(_:title:xLabel:yLabel:)`,
    /// displayed as pictures with labelled axes.
    func registerPlots() {
        let spectrogram = "Spectrogram", linePlot = "LinePlot"
        initializer(spectrogram, [Parameter(nil, type: "Tensor"), Parameter("title", type: "String", default: .string("spectrogram")),
                                  Parameter("secondsPerFrame", type: "Double?", default: .optional(nil)),
                                  Parameter("yLabel", type: "String", default: .string("bin"))]) { arguments, _ in
            let role = "Spectrogram(_:title:secondsPerFrame:yLabel:)"
            let values = try BindingArgument.tensor(arguments[argument: 0], role)
            let title = try BindingArgument.string(arguments[argument: 1], "\(role) title")
            var seconds: Double?
            switch arguments[argument: 2] {
            case .optional(nil), .void: seconds = nil
            case .optional(let wrapped?): seconds = try BindingArgument.double(wrapped, "\(role) secondsPerFrame")
            case let other: seconds = try BindingArgument.double(other, "\(role) secondsPerFrame")
            }
            let yLabel = try BindingArgument.string(arguments[argument: 3], "\(role) yLabel")
            guard values.rank == 2 || (values.rank == 3 && values.shape[0] == 1) else {
                throw CellRuntimeError("\(role): needs a [bins, frames] tensor (or [1, bins, frames]), got \(values.shape)")
            }
            return BindingValue.library(spectrogram, Spectrogram(values, title: title, secondsPerFrame: seconds, yLabel: yLabel))
        }
        libraryDescription(spectrogram, Spectrogram.self) { $0.description }
        display(spectrogram) { value, _ in
            guard case .object(let object) = value, let payload = object.payload as? Spectrogram else {
                throw CellRuntimeError("not a Spectrogram")
            }
            return try MediaDisplays.spectrogram(payload)
        }
        initializer(linePlot, [Parameter(nil, type: "[Float]"), Parameter("title", type: "String", default: .string("")),
                               Parameter("xLabel", type: "String", default: .string("index")),
                               Parameter("yLabel", type: "String", default: .string("value"))]) { arguments, _ in
            let role = "LinePlot(_:title:xLabel:yLabel:)"
            let values = try BindingArgument.floats(arguments[argument: 0], role)
            return BindingValue.library(linePlot, LinePlot(values, title: try BindingArgument.string(arguments[argument: 1], role),
                                                           xLabel: try BindingArgument.string(arguments[argument: 2], role),
                                                           yLabel: try BindingArgument.string(arguments[argument: 3], role)))
        }
        libraryDescription(linePlot, LinePlot.self) { $0.description }
        display(linePlot) { value, _ in
            guard case .object(let object) = value, let payload = object.payload as? LinePlot else {
                throw CellRuntimeError("not a LinePlot")
            }
            return try MediaDisplays.linePlot(payload)
        }
    }
}
