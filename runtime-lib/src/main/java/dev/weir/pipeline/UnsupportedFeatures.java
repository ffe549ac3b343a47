package dev.weir.pipeline;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.state.MapState;
import org.apache.beam.sdk.state.MultimapState;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.reflect.DoFnSignature;
import org.apache.beam.sdk.transforms.reflect.DoFnSignature.Parameter;
import org.apache.beam.sdk.transforms.reflect.DoFnSignatures;

/**
 * What a DoFn may use that Weir cannot run, found from its signature when the pipeline is built, so
 * that a user learns it from {@code build()}, not from a failing function in AWS.
 */
final class UnsupportedFeatures {
  private UnsupportedFeatures() {}

  /**
   * The features {@code doFn} uses that Weir cannot run, each named for the user; none if empty.
   *
   * @param sideInputsProvided whoever runs the pipeline provides side inputs (a Beam runner)
   * @param additionalOutputsDeclared whoever runs the pipeline takes additional outputs (a runner)
   */
  static List<String> of(
      DoFn<?, ?> doFn, boolean sideInputsProvided, boolean additionalOutputsDeclared) {
    DoFnSignature signature = DoFnSignatures.getSignature(doFn.getClass());
    List<String> found = new ArrayList<>();
    DoFnSignature.ProcessElementMethod process = signature.processElement();
    if (!sideInputsProvided && !process.getSideInputParameters().isEmpty()) {
      found.add("side inputs (@SideInput)");
    }
    if (process.isSplittable() || signature.getInitialRestriction() != null) {
      found.add("splittable processing (@GetInitialRestriction, RestrictionTracker)");
    }
    if (process.requiresStableInput()) {
      found.add("@RequiresStableInput");
    }
    List<Parameter> parameters = new ArrayList<>(process.extraParameters());
    signature.onTimerMethods().values().forEach(m -> parameters.addAll(m.extraParameters()));
    signature.onTimerFamilyMethods().values().forEach(m -> parameters.addAll(m.extraParameters()));
    if (signature.onWindowExpiration() != null) {
      parameters.addAll(signature.onWindowExpiration().extraParameters());
    }
    if (!additionalOutputsDeclared
        && parameters.stream()
            .anyMatch(p -> p instanceof Parameter.TaggedOutputReceiverParameter)) {
      found.add("additional outputs (MultiOutputReceiver)");
    }
    if (parameters.stream().anyMatch(p -> p instanceof Parameter.BundleFinalizerParameter)) {
      found.add("bundle finalization (BundleFinalizer)");
    }
    return found;
  }

  /**
   * The DoFn's state that cannot be merged when its windows merge: value, map and multimap state
   * (each as {@code @StateId("id") KindState}); none if empty.
   */
  static List<String> unmergeableState(DoFn<?, ?> doFn) {
    List<String> found = new ArrayList<>();
    DoFnSignatures.getSignature(doFn.getClass())
        .stateDeclarations()
        .forEach(
            (id, declaration) -> {
              Class<?> type = declaration.stateType().getRawType();
              if (ValueState.class.isAssignableFrom(type)
                  || MapState.class.isAssignableFrom(type)
                  || MultimapState.class.isAssignableFrom(type)) {
                found.add("@StateId(\"" + id + "\") " + type.getSimpleName());
              }
            });
    return found;
  }
}
