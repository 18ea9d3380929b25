//! Typed data that an extension's parser produces, carried through the core without the core
//! knowing its type.

use std::any::Any;
use std::fmt;
use std::sync::Arc;

/// Serialization support for extension data: with the `serde` feature this requires
/// `serde::Serialize`; without it, every type qualifies.
#[cfg(feature = "serde")]
pub trait MaybeSerialize: erased_serde::Serialize {
    /// The value as a serializable trait object.
    fn as_serialize(&self) -> &dyn erased_serde::Serialize;
}

#[cfg(feature = "serde")]
impl<T: serde::Serialize> MaybeSerialize for T {
    fn as_serialize(&self) -> &dyn erased_serde::Serialize {
        self
    }
}

/// Serialization support for extension data: with the `serde` feature this requires
/// `serde::Serialize`; without it, every type qualifies.
#[cfg(not(feature = "serde"))]
pub trait MaybeSerialize {}

#[cfg(not(feature = "serde"))]
impl<T: ?Sized> MaybeSerialize for T {}

/// What an extension's parser returns. Any `Debug + PartialEq + Send + Sync + 'static` type
/// (plus `serde::Serialize` when the `serde` feature is on) is one, by a blanket impl.
pub trait ExtensionData: fmt::Debug + Send + Sync + MaybeSerialize + 'static {
    /// The value as `Any`, for downcasting.
    fn as_any(&self) -> &dyn Any;
    /// Compares with another extension value (false when the types differ).
    fn dyn_eq(&self, other: &dyn ExtensionData) -> bool;
}

impl<T: fmt::Debug + PartialEq + Send + Sync + MaybeSerialize + 'static> ExtensionData for T {
    fn as_any(&self) -> &dyn Any {
        self
    }

    fn dyn_eq(&self, other: &dyn ExtensionData) -> bool {
        other.as_any().downcast_ref::<T>() == Some(self)
    }
}

/// A shared, type-erased extension value. Reach the typed value with
/// [`ExtensionValue::downcast_ref`].
///
/// ```
/// use imap_core::response::ExtensionValue;
/// #[derive(Debug, PartialEq)]
/// # #[cfg_attr(feature = "serde", derive(serde::Serialize))]
/// struct Quota { used: u64 }
/// let value = ExtensionValue::new(Quota { used: 7 });
/// assert_eq!(value.downcast_ref::<Quota>(), Some(&Quota { used: 7 }));
/// ```
#[derive(Clone)]
pub struct ExtensionValue(Arc<dyn ExtensionData>);

impl ExtensionValue {
    /// Wraps a typed value.
    pub fn new<T: ExtensionData>(value: T) -> Self {
        ExtensionValue(Arc::new(value))
    }

    /// The typed value, when it is a `T`.
    pub fn downcast_ref<T: ExtensionData>(&self) -> Option<&T> {
        self.0.as_any().downcast_ref::<T>()
    }

    /// The value as a trait object.
    pub fn get(&self) -> &dyn ExtensionData {
        &*self.0
    }
}

impl PartialEq for ExtensionValue {
    fn eq(&self, other: &Self) -> bool {
        self.0.dyn_eq(&*other.0)
    }
}

impl fmt::Debug for ExtensionValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for ExtensionValue {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        erased_serde::serialize(self.0.as_serialize(), serializer)
    }
}
