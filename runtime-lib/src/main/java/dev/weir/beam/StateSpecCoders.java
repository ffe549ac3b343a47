package dev.weir.beam;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import org.apache.beam.sdk.coders.CannotProvideCoderException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.reflect.DoFnSignature;
import org.apache.beam.sdk.transforms.reflect.DoFnSignatures;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * Gives state specs declared without coders ({@code StateSpecs.value()}) their coders, as Beam's
 * {@code ParDo} does when a pipeline is built: a DoFn run outside a pipeline would otherwise hand
 * its state null coders. Mirrors {@code ParDo.codersForStateSpecTypes} (Beam 2.73.0).
 */
final class StateSpecCoders {
  private StateSpecCoders() {}

  static void finish(DoFn<?, ?> fn, Coder<?> inputCoder) {
    CoderRegistry registry = CoderRegistry.createDefault();
    DoFnSignature signature = DoFnSignatures.getSignature(fn.getClass());
    for (DoFnSignature.StateDeclaration declaration : signature.stateDeclarations().values()) {
      try {
        declaration.field().setAccessible(true);
        StateSpec<?> spec = (StateSpec<?>) declaration.field().get(fn);
        spec.offerCoders(codersFor(declaration, registry, inputCoder));
        spec.finishSpecifying();
      } catch (IllegalAccessException e) {
        throw new IllegalStateException("cannot read state spec " + declaration.id(), e);
      } catch (IllegalStateException e) {
        throw new IllegalArgumentException(
            "state '"
                + declaration.id()
                + "' of "
                + fn.getClass().getName()
                + " has no coder and none can be inferred; pass one to StateSpecs",
            e);
      }
    }
  }

  @SuppressWarnings({"rawtypes", "unchecked"})
  private static Coder[] codersFor(
      DoFnSignature.StateDeclaration declaration, CoderRegistry registry, Coder inputCoder) {
    Type stateType = declaration.stateType().getType();
    if (!(stateType instanceof ParameterizedType parameterized)) {
      return new Coder[0];
    }
    Type[] arguments = parameterized.getActualTypeArguments();
    Coder[] coders = new Coder[arguments.length];
    for (int i = 0; i < arguments.length; i++) {
      TypeDescriptor<?> type = TypeDescriptor.of(arguments[i]);
      try {
        coders[i] = registry.getCoder(type);
      } catch (CannotProvideCoderException e) {
        try {
          coders[i] = inferredFromInput(registry, type, inputCoder);
        } catch (CannotProvideCoderException ignored) {
          // Like Beam: not every type argument needs a coder (a combining state's output type).
        }
      }
    }
    return coders;
  }

  /**
   * What Beam's own {@code StateSpec} inference does for a type argument the registry cannot give
   * alone (deprecated in Beam, with no replacement that takes the input coder).
   */
  @SuppressWarnings({"deprecation", "unchecked", "rawtypes"})
  private static Coder<?> inferredFromInput(
      CoderRegistry registry, TypeDescriptor<?> type, Coder<?> inputCoder)
      throws CannotProvideCoderException {
    return registry.getCoder(
        (TypeDescriptor) type,
        (TypeDescriptor) inputCoder.getEncodedTypeDescriptor(),
        (Coder) inputCoder);
  }
}
