//! Encoding for the state that stateful stages persist in the store (the
//! story clusterer, dedup fingerprints): MessagePack with named fields behind
//! a four-byte tag, smaller than JSON and faster to read back.
//! Field names keep it self-describing, so `#[serde(default)]` fields can be
//! added later. Blobs written as JSON by earlier versions still decode.
//!
//! ```
//! use herald_core::state;
//! let blob = state::encode(*b"HTS1", &vec![1u16, 2, 3]).unwrap();
//! let back: Vec<u16> = state::decode(*b"HTS1", &blob).unwrap();
//! assert_eq!(back, [1, 2, 3]);
//! // JSON from an older store is read too:
//! let old: Vec<u16> = state::decode(*b"HTS1", b"[1,2,3]").unwrap();
//! assert_eq!(old, [1, 2, 3]);
//! ```

use serde::{Serialize, de::DeserializeOwned};

/// Why a state blob could not be written or read.
#[derive(Debug, thiserror::Error)]
pub enum StateError {
    #[error("encoding state: {0}")]
    Encode(#[from] rmp_serde::encode::Error),
    #[error("decoding state: {0}")]
    Decode(#[from] rmp_serde::decode::Error),
    #[error("decoding JSON state: {0}")]
    Json(#[from] serde_json::Error),
    #[error("unknown state format (tag {0:?}); written by a newer Herald?")]
    UnknownTag(String),
}

/// Encodes `value` behind `tag` (which names the kind and version).
pub fn encode<T: Serialize + ?Sized>(tag: [u8; 4], value: &T) -> Result<Vec<u8>, StateError> {
    let mut out = Vec::with_capacity(256);
    out.extend_from_slice(&tag);
    value.serialize(&mut rmp_serde::Serializer::new(&mut out).with_struct_map())?;
    Ok(out)
}

/// Decodes a blob written by [`encode`] with the same `tag`, or a JSON blob
/// from before the binary format.
pub fn decode<T: DeserializeOwned>(tag: [u8; 4], blob: &[u8]) -> Result<T, StateError> {
    if let Some(body) = blob.strip_prefix(&tag) {
        return Ok(rmp_serde::from_slice(body)?);
    }
    match blob.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'{' | b'[' | b'"') => Ok(serde_json::from_slice(blob)?),
        _ => Err(StateError::UnknownTag(
            String::from_utf8_lossy(&blob[..blob.len().min(4)]).into_owned(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct V1 {
        a: u32,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        b: Vec<String>,
    }

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct V2 {
        a: u32,
        #[serde(default)]
        b: Vec<String>,
        #[serde(default)]
        c: Option<f32>,
    }

    #[test]
    fn round_trips_with_skipped_fields_and_reads_older_layouts() {
        let v = V1 { a: 7, b: vec![] };
        let blob = encode(*b"TST1", &v).unwrap();
        assert_eq!(decode::<V1>(*b"TST1", &blob).unwrap(), v);
        // A newer struct with an added defaulted field reads the old blob.
        let v2: V2 = decode(*b"TST1", &blob).unwrap();
        assert_eq!(
            v2,
            V2 {
                a: 7,
                b: vec![],
                c: None
            }
        );
    }

    #[test]
    fn is_smaller_than_json_for_numeric_state() {
        let v: Vec<(u32, f32)> = (0..200).map(|i| (i * 7919, i as f32 / 3.0)).collect();
        let bin = encode(*b"TST1", &v).unwrap();
        let json = serde_json::to_vec(&v).unwrap();
        assert!(
            bin.len() * 3 < json.len() * 2,
            "{} vs {}",
            bin.len(),
            json.len()
        );
    }

    #[test]
    fn rejects_unknown_tags_and_garbage_without_panicking() {
        let blob = encode(*b"TST1", &1u32).unwrap();
        assert!(matches!(
            decode::<u32>(*b"XXX1", &blob),
            Err(StateError::UnknownTag(_))
        ));
        assert!(decode::<V1>(*b"TST1", b"TST1\xff\x00").is_err());
        assert!(decode::<V1>(*b"TST1", b"").is_err());
    }
}
